package questionnaires

import (
	"slices"
	"strings"
)

// consentColumn is siap's survey-sheet column that declares the consent
// question: on that question's row it lists, separated by spaces, the
// choices that mean the respondent agrees. Any other answer is a refusal.
// Refusal is never inferred from a question's name.
const consentColumn = "consent_agree"

// Consent is the form's consent question and the choices that mean yes.
type Consent struct {
	Node  *Node
	Agree []string
}

// Agrees reports whether an answer to the consent question is agreement.
func (c *Consent) Agrees(answer string) bool {
	return slices.Contains(c.Agree, strings.TrimSpace(answer))
}

// readConsent finds the row that declares consent and checks it: one
// row only, a select_one outside any repeat, naming choices of its list.
func (b *builder) readConsent() {
	const sh = "survey"
	for _, n := range b.f.Nodes {
		raw := strings.TrimSpace(n.Extra[consentColumn])
		if raw == "" {
			continue
		}
		col := b.survey.ref(consentColumn)
		switch {
		case b.f.Consent != nil:
			b.ps.errorf(sh, n.Row, col, "%s is already declared at row %d; a form has one consent question", consentColumn, b.f.Consent.Node.Row)
			continue
		case n.Type != TypeSelectOne || n.List == nil:
			b.ps.errorf(sh, n.Row, col, "%s belongs on the consent question, a select_one; %s is a %s", consentColumn, n.Name, n.RawType)
			continue
		case n.InRepeat() != nil:
			b.ps.errorf(sh, n.Row, col, "the consent question %s cannot be inside a repeat: consent is asked once per interview", n.Name)
			continue
		}
		c := &Consent{Node: n}
		for _, code := range strings.Fields(raw) {
			if n.List.Choice(code) == nil {
				b.ps.errorf(sh, n.Row, col, "%s names %q, which is not a choice of list %s", consentColumn, code, n.List.Name)
				continue
			}
			c.Agree = append(c.Agree, code)
		}
		if len(c.Agree) == len(strings.Fields(raw)) {
			b.f.Consent = c
		}
	}
}

// KeptOnRefusal reports whether an answer stays when the respondent
// declines consent: every answer given before the consent question (the
// sample unit: city, household number), the consent answer itself, the
// metadata and the group summaries compare across (so that refusal rates
// per city can be told). What came after is personal and goes.
func (f *Form) KeptOnRefusal(path string) bool {
	n := f.NodeAt(path)
	if n == nil {
		return false
	}
	if n.Kind == Metadata || n.Name == f.SummaryBy && f.Node(f.SummaryBy) == n {
		return true
	}
	return f.Consent != nil && n.Index <= f.Consent.Node.Index
}
