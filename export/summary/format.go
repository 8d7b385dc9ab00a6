package summary

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gocarina/gocsv"

	"siap/questionnaires"
)

// csvRow is one line of the long CSV: one indicator in one group.
type csvRow struct {
	Indicator string `csv:"indicator" json:"indicator"`
	Domain    string `csv:"domain" json:"domain"`
	Kind      string `csv:"kind" json:"kind"`
	Group     string `csv:"group" json:"group"`
	N         int    `csv:"n" json:"n"`
	Count     string `csv:"count" json:"count,omitempty"`
	Value     string `csv:"value" json:"value"`
	Low       string `csv:"ci_low" json:"ci_low"`
	High      string `csv:"ci_high" json:"ci_high"`
	P         string `csv:"p_value" json:"p_value"`
	Reference string `csv:"reference" json:"reference"`
}

func num(x float64, digits int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', digits, 64)
}

// long lists the summary as csv rows: per indicator, each group then
// all. A proportion's value and interval are percentages; a median's
// interval is its interquartile range.
func (s *Summary) long() []csvRow {
	var out []csvRow
	for _, r := range s.Rows {
		for _, c := range r.Cells {
			row := csvRow{
				Indicator: r.Indicator.Name, Domain: r.Indicator.Domain, Kind: r.Indicator.Kind.String(), Group: c.Group, N: c.N,
				Value: num(c.Value, 4), Low: num(c.Low, 4), High: num(c.High, 4), P: num(r.P, 6),
				Reference: strings.TrimSuffix(r.Indicator.Reference, "%"),
			}
			if Percent(r.Indicator.Kind) {
				row.Count = strconv.Itoa(c.Count)
			}
			out = append(out, row)
		}
	}
	return out
}

// WriteCSV writes the long CSV: indicator, domain, kind, group, n,
// count, value, ci_low, ci_high, p_value, reference.
func (s *Summary) WriteCSV(w io.Writer) error { return gocsv.Marshal(s.long(), w) }

// WriteJSON writes every indicator with its label, its cells and its
// test; numbers that do not exist (an empty group) are null.
func (s *Summary) WriteJSON(w io.Writer, lang, fallback string) error {
	ptr := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return &x
	}
	type cell struct {
		Group string      `json:"group"`
		N     int         `json:"n"`
		Count *int        `json:"count,omitempty"`
		Value *float64    `json:"value"`
		Low   *float64    `json:"ci_low"`
		High  *float64    `json:"ci_high"`
		SD    *float64    `json:"sd,omitempty"`
		Dist  map[int]int `json:"distribution,omitempty"`
	}
	type indicator struct {
		Name, Label, Domain, Kind, Expression string
		Reference, ReferenceSource            string `json:",omitempty"`
		Cells                                 []cell
		Test                                  string
		Statistic                             *float64
		DF                                    int
		P                                     *float64 `json:"p_value"`
		Warning                               string   `json:",omitempty"`
	}
	doc := struct {
		By         string      `json:"by"`
		Interviews int         `json:"interviews"`
		Simulated  bool        `json:"includes_simulated"`
		Indicators []indicator `json:"indicators"`
	}{By: s.By.Name, Interviews: s.Interviews, Simulated: s.Simulated}
	for _, r := range s.Rows {
		in := indicator{
			Name: r.Indicator.Name, Label: r.Indicator.Label.In(lang, fallback), Domain: r.Indicator.Domain,
			Kind: r.Indicator.Kind.String(), Expression: r.Indicator.Expression.String(), Reference: r.Indicator.Reference,
			ReferenceSource: r.Indicator.ReferenceSource, Test: r.Test, Statistic: ptr(r.Statistic), DF: r.DF,
			P: ptr(r.P), Warning: r.Warning,
		}
		for _, c := range r.Cells {
			jc := cell{Group: c.Group, N: c.N, Value: ptr(c.Value), Low: ptr(c.Low), High: ptr(c.High), SD: ptr(c.SD), Dist: c.Dist}
			if Percent(r.Indicator.Kind) {
				count := c.Count
				jc.Count = &count
			}
			in.Cells = append(in.Cells, jc)
		}
		doc.Indicators = append(doc.Indicators, in)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// CellText is a cell as a person reads it: 52% or 2.4 or 1.5, with n.
func CellText(kind questionnaires.IndicatorKind, c Cell) string {
	if c.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%s (%d)", ValueText(kind, c.Value), c.N)
}

// ValueText formats a percentage, mean or median.
func ValueText(kind questionnaires.IndicatorKind, v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case Percent(kind):
		return fmt.Sprintf("%.0f%%", v)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// PText formats a p-value.
func PText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.001:
		return "<0.001"
	}
	return fmt.Sprintf("%.3f", p)
}

// headers are the group columns: codes, then all.
func (s *Summary) headers() []string {
	var h []string
	for _, g := range s.Groups {
		h = append(h, g.Code)
	}
	return append(h, All)
}

// WriteTable writes an aligned text table in the language lang.
func (s *Summary) WriteTable(w io.Writer, lang, fallback string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "indicator\t%s\tp\treference\n", strings.Join(s.headers(), "\t"))
	domain := ""
	for _, r := range s.Rows {
		if r.Indicator.Domain != domain {
			domain = r.Indicator.Domain
			fmt.Fprintf(tw, "[%s]%s\n", domain, strings.Repeat("\t", len(r.Cells)+2))
		}
		label := r.Indicator.Label.In(lang, fallback)
		if label == "" {
			label = r.Indicator.Name
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, CellText(r.Indicator.Kind, c))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", label, strings.Join(cells, "\t"), PText(r.P), r.Indicator.Reference)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return s.notes(w)
}

// notes lists what a reader needs to trust the table.
func (s *Summary) notes(w io.Writer) error {
	fmt.Fprintf(w, "\n%d interviews, grouped by %s; cells show the percentage (or mean, or median) and n.\n", s.Interviews, s.By.Name)
	if s.Simulated {
		fmt.Fprintln(w, "These include simulated interviews.")
	}
	for _, r := range s.Rows {
		if d := r.distribution(); d != "" {
			fmt.Fprintf(w, "%s, interviews per value:\n%s", r.Indicator.Name, d)
		}
	}
	for _, r := range s.Rows {
		if r.Warning != "" {
			fmt.Fprintf(w, "%s: %s\n", r.Indicator.Name, r.Warning)
		}
		if src := r.Indicator.ReferenceSource; src != "" {
			fmt.Fprintf(w, "%s reference: %s\n", r.Indicator.Name, src)
		}
	}
	return nil
}

// WriteMarkdown writes a Markdown table for reports.
func (s *Summary) WriteMarkdown(w io.Writer, lang, fallback string) error {
	h := s.headers()
	fmt.Fprintf(w, "| indicator | %s | p | reference |\n|---|%s---|---|\n", strings.Join(h, " | "), strings.Repeat("---|", len(h)))
	for _, r := range s.Rows {
		label := r.Indicator.Label.In(lang, fallback)
		if label == "" {
			label = r.Indicator.Name
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, CellText(r.Indicator.Kind, c))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", strings.ReplaceAll(label, "|", "\\|"), strings.Join(cells, " | "), PText(r.P), r.Indicator.Reference)
	}
	return s.notes(w)
}

// distribution lists, per group, how many interviews had each whole value
// of a mean indicator (the readiness index), or "" when it has none.
func (r Row) distribution() string {
	top := r.DistributionMax()
	if top < 0 {
		return ""
	}
	var b strings.Builder
	for _, c := range r.Cells {
		fmt.Fprintf(&b, "  %-12s", c.Group)
		for v := 0; v <= top; v++ {
			fmt.Fprintf(&b, " %d:%-4d", v, c.Dist[v])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// DistributionMax is the largest whole value a mean indicator took (5
// for the readiness index), or -1 when its values are not whole numbers
// to count.
func (r Row) DistributionMax() int {
	top := -1
	for _, c := range r.Cells {
		if c.Dist == nil {
			return -1
		}
		for v := range c.Dist {
			top = max(top, v)
		}
	}
	return top
}
