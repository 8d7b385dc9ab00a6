package questionnaires

import (
	"strings"
)

// Names follow pyxform's rules: a question, group or repeat's name is
// unique among its siblings (the nearest group or repeat around it, or
// the survey), and a repeat's name is unique in the whole form. The same
// name may so appear in two groups (a "name" in the roster of men and in
// that of women); ${name} must then not be used, since it could mean
// either.

// claimName checks n's name against its siblings and, for a repeat,
// against every repeat, reporting a clash at n's row. ok is false when
// the row cannot be kept.
func (b *builder) claimName(n *Node, nameCol string) bool {
	const sh = "survey"
	for _, sib := range n.Parent.Children {
		switch {
		case sib.Name == n.Name:
			b.ps.errorf(sh, n.Row, nameCol, "name %q is already used at row %d in the same %s; questions, groups and repeats must be unique within their nearest group or repeat (or the survey)", n.Name, sib.Row, b.scopeWord(n.Parent))
			return false
		case strings.EqualFold(sib.Name, n.Name):
			b.ps.warnf(sh, n.Row, nameCol, "name %q differs from %q (row %d) only in capitals; Stata and SPSS do not tell them apart", n.Name, sib.Name, sib.Row)
		}
	}
	if n.Kind == Repeat {
		if strings.EqualFold(n.Name, b.f.Root.Name) {
			b.ps.errorf(sh, n.Row, nameCol, "a repeat cannot be named %q, the name of the survey's root", n.Name)
			return false
		}
		for _, other := range b.f.named[n.Name] {
			if other.Kind == Repeat {
				b.ps.errorf(sh, n.Row, nameCol, "repeat name %q is already used at row %d; repeat names must be unique anywhere in the survey", n.Name, other.Row)
				return false
			}
		}
	}
	if n.Name == "meta" {
		b.ps.errorf(sh, n.Row, nameCol, "the name \"meta\" is kept for the form's metadata; choose another")
		return false
	}
	b.name(n)
	return true
}

// name records n under its name: Form.Node finds it while no other node
// has that name.
func (b *builder) name(n *Node) {
	f := b.f
	f.named[n.Name] = append(f.named[n.Name], n)
	if len(f.named[n.Name]) == 1 {
		f.byName[n.Name] = n
	} else {
		delete(f.byName, n.Name)
	}
}

func (b *builder) scopeWord(p *Node) phrase {
	switch {
	case p == b.f.Root:
		return say("survey")
	case p.Kind == Repeat:
		return say("repeat %s", p.Name)
	}
	return say("group %s", p.Name)
}

// assignKeys gives every node the key its answers are stored under. A
// node's name is its key where no other node of the same repeat (or of
// the part of the form outside any repeat) has that name, so forms
// with unique names keep the plain keys they always had ("age",
// "members[2]/age"). Where a name is reused, the groups leading to it
// from that repeat come first: "right_eye/lux", "left_eye/lux".
func (b *builder) assignKeys() {
	count := map[*Node]map[string]int{}
	for _, n := range b.f.Nodes {
		s := scopeOf(n)
		if count[s] == nil {
			count[s] = map[string]int{}
		}
		count[s][n.Name]++
	}
	b.f.byTemplate = make(map[string]*Node, len(b.f.Nodes))
	for _, n := range b.f.Nodes {
		s := scopeOf(n)
		n.Key = n.Name
		if count[s][n.Name] > 1 {
			for p := n.Parent; p != nil && p != s && p != b.f.Root; p = p.Parent {
				n.Key = p.Name + "/" + n.Key
			}
		}
		b.f.byTemplate[template(n)] = n
	}
}

// scopeOf is the nearest repeat around n, or the root.
func scopeOf(n *Node) *Node {
	if r := n.InRepeat(); r != nil {
		return r
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Parent == nil {
			return p
		}
	}
	return n.Parent
}

// template is the path of n's answers with the instance numbers left out.
func template(n *Node) string {
	if r := n.InRepeat(); r != nil {
		return template(r) + "/" + n.Key
	}
	return n.Key
}

// Candidates describes the nodes that share a name, for a message that
// names them: "row 12 (group right_eye), row 20 (group left_eye)".
func (f *Form) Candidates(name string) string { return f.candidates(name).String() }

// candidates is Candidates in either language.
func (f *Form) candidates(name string) phrases {
	var parts phrases
	for i, n := range f.named[name] {
		if i == 4 {
			parts = append(parts, say("and %d more", len(f.named[name])-i))
			break
		}
		switch {
		case n.Parent == nil || n.Parent == f.Root:
			parts = append(parts, say("row %d (the survey)", n.Row))
		case n.Parent.Kind == Repeat:
			parts = append(parts, say("row %d (repeat %s)", n.Row, n.Parent.Name))
		default:
			parts = append(parts, say("row %d (group %s)", n.Row, n.Parent.Name))
		}
	}
	return parts
}

// Ambiguous reports whether more than one node of the form has the name,
// so that ${name} cannot say which is meant.
func (f *Form) Ambiguous(name string) bool { return len(f.named[name]) > 1 }
