package summary

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"siap/questionnaires"
)

// csvRow is one line of the long CSV: one indicator in one group.
type csvRow struct {
	Indicator string `csv:"indicator"`
	Domain    string `csv:"domain"`
	Kind      string `csv:"kind"`
	Group     string `csv:"group"`
	N         int    `csv:"n"`
	Count     string `csv:"count"`
	Value     string `csv:"value"`
	Low       string `csv:"ci_low"`
	High      string `csv:"ci_high"`
	SD        string `csv:"sd"`
	Test      string `csv:"test"`
	P         string `csv:"p_value"`
	Warning   string `csv:"warning"`
	// Distribution is the interviews per value of a small whole-number
	// scale: 0=12;1=30;...
	Distribution string `csv:"distribution"`
	Reference    string `csv:"reference"`
}

// num writes a figure of the csv rounded half away from zero to digits
// places, or nothing when there is none.
func num(x float64, digits int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return Round(x, digits)
}

// full writes a figure with every digit it has (a p-value of 2.3e-12).
func full(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// long lists the summary as csv rows: per indicator, each group then
// all. A proportion's value and interval are percentages; a median's
// interval is its interquartile range.
func (s *Summary) long() []csvRow {
	var out []csvRow
	for _, r := range s.Rows {
		top := r.DistributionMax()
		for _, c := range r.Cells {
			row := csvRow{
				Indicator: r.Indicator.Name, Domain: r.Indicator.Domain, Kind: r.Indicator.Kind.String(), Group: c.Group, N: c.N,
				Value: num(c.Value, 4), Low: num(c.Low, 4), High: num(c.High, 4), SD: num(c.SD, 4),
				Test: r.Test, P: full(r.P), Warning: r.Warning,
				Reference: strings.TrimSuffix(r.Indicator.Reference, "%"),
			}
			if Percent(r.Indicator.Kind) {
				row.Count = strconv.Itoa(c.Count)
			}
			if top >= 0 && c.N > 0 {
				parts := make([]string, top+1)
				for v := range parts {
					parts[v] = fmt.Sprintf("%d=%d", v, c.Dist[v])
				}
				row.Distribution = strings.Join(parts, ";")
			}
			out = append(out, row)
		}
	}
	return out
}

// WriteCSV writes the long CSV, one row per indicator and group:
// indicator, domain, kind, group, n, count, value, ci_low, ci_high, sd,
// test, p_value, warning, distribution, reference.
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
	// Every key is snake_case, as the csv's columns.
	type indicator struct {
		Name            string   `json:"name"`
		Label           string   `json:"label"`
		Domain          string   `json:"domain"`
		Kind            string   `json:"kind"`
		Expression      string   `json:"expression"`
		Reference       string   `json:"reference,omitempty"`
		ReferenceSource string   `json:"reference_source,omitempty"`
		Cells           []cell   `json:"cells"`
		Test            string   `json:"test"`
		Statistic       *float64 `json:"statistic"`
		DF              int      `json:"df"`
		P               *float64 `json:"p_value"`
		Warning         string   `json:"warning,omitempty"`
	}
	doc := struct {
		By         string      `json:"by"`
		Interviews int         `json:"interviews"`
		NoAnswer   int         `json:"no_answer"`
		Simulated  bool        `json:"includes_simulated"`
		Quantiles  string      `json:"quantiles"`
		Indicators []indicator `json:"indicators"`
	}{By: s.By.Name, Interviews: s.Interviews, NoAnswer: s.NoAnswer, Simulated: s.Simulated, Quantiles: s.Quantiles.String()}
	for _, r := range s.Rows {
		in := indicator{
			Name: r.Indicator.Name, Label: r.Indicator.Label.In(lang, fallback), Domain: r.Indicator.Domain,
			Kind: r.Indicator.Kind.String(), Expression: r.Indicator.Expression.String(), Reference: r.Indicator.Reference,
			ReferenceSource: r.Indicator.ReferenceSource.In(lang, fallback), Test: r.Test, Statistic: ptr(r.Statistic), DF: r.DF,
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

// ValueText formats a percentage (whole), mean or median (one decimal),
// rounded half away from zero as reports round: 1.25 is 1.3.
func ValueText(kind questionnaires.IndicatorKind, v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case Percent(kind):
		return Round(v, 0) + "%"
	}
	return Round(v, 1)
}

// PText formats a p-value for a table: four decimals, and below 0.0001
// "< 0.0001" (the csv and json give it whole).
func PText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.0001:
		return "< 0.0001"
	}
	return Round(p, 4)
}

// Round writes x with digits decimals, rounding half away from zero on
// the decimal digits x is written with: 1.25 and 1.95, which binary
// floating point holds a hair below, are 1.3 and 2.0, as in a report.
func Round(x float64, digits int) string {
	// The shortest decimal that reads back as x is what a person sees.
	d, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		return strconv.FormatFloat(x, 'f', digits, 64)
	}
	neg := d.Sign() < 0
	d.Abs(d)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	d.Mul(d, new(big.Rat).SetInt(scale))
	d.Add(d, big.NewRat(1, 2))
	whole := new(big.Int).Quo(d.Num(), d.Denom()) // floor: d is positive
	s := whole.String()
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg && whole.Sign() != 0 {
		s = "-" + s
	}
	return s
}

// headers are the group columns as a reader knows them: the groups'
// labels in the language (up to a bracket: Medan for Medan (Sumatera
// Utara)), then all.
func (s *Summary) headers(lang, fallback string) []string {
	var h []string
	for _, g := range s.Groups {
		l := g.Label.In(lang, fallback)
		if i := strings.Index(l, " ("); i > 0 {
			l = l[:i]
		}
		if l == "" {
			l = g.Code
		}
		h = append(h, l)
	}
	all := "all"
	if questionnaires.IsIndonesian(lang) {
		all = "semua"
	}
	return append(h, all)
}

// TableWords are the words of the text table and the notes under it, in
// the language of its reader, which may differ from the labels' (the
// form's); Number writes a figure written for machines (2.6, 1500) in the
// reader's convention.
type TableWords struct {
	Indicator, Reference string
	Interviews           string // %d interviews, %s the question grouping them
	NoAnswer             string // %d interviews, %s the question, %q the column, %q the one counting them
	Method               string // %s: QuantilesR or QuantilesSPSS
	QuantilesR           string
	QuantilesSPSS        string
	Simulated            string
	PerValue             string // %s the indicator's name
	SmallExpected        string // %.1f the smallest expected count
	ReferenceSource      string // %s the indicator's name, %s where its reference comes from
	Number               func(string) string
}

// EnglishTable is the table in English, figures as machines write them.
var EnglishTable = TableWords{
	Indicator:       "indicator",
	Reference:       "reference",
	Interviews:      "%d interviews, grouped by %s; cells show the percentage (or mean, or median) and n.",
	NoAnswer:        "%d have no answer to %s (not asked, or skipped): they are the column %q, counted in %q; the tests compare the other groups.",
	Method:          "Percentages have Wilson 95%% intervals, means t intervals, medians quartiles (%s); chi-square without continuity correction; figures rounded half away from zero.",
	QuantilesR:      "type 7, as R",
	QuantilesSPSS:   "type 6, as SPSS and Stata's centile",
	Simulated:       "These include simulated interviews.",
	PerValue:        "%s, interviews per value:",
	SmallExpected:   "an expected count is %.1f, below 5: the chi-square p-value is approximate",
	ReferenceSource: "%s reference: %s",
	Number:          func(s string) string { return s },
}

// WriteTable writes an aligned text table in the language lang, its
// words in English.
func (s *Summary) WriteTable(w io.Writer, lang, fallback string) error {
	return s.WriteTableIn(w, lang, fallback, EnglishTable)
}

// WriteTableIn writes an aligned text table with labels in the language
// lang and siap's own words and figures as words gives them.
func (s *Summary) WriteTableIn(w io.Writer, lang, fallback string, words TableWords) error {
	num := words.Number
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\tp\t%s\n", words.Indicator, strings.Join(s.headers(lang, fallback), "\t"), words.Reference)
	domain := ""
	for _, r := range s.Rows {
		if r.Indicator.Domain != domain {
			domain = r.Indicator.Domain
			fmt.Fprintf(tw, "[%s]%s\n", DomainLabel(r.Indicator, lang, fallback), strings.Repeat("\t", len(r.Cells)+2))
		}
		label := r.Indicator.Label.In(lang, fallback)
		if label == "" {
			label = r.Indicator.Name
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, num(CellText(r.Indicator.Kind, c)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", label, strings.Join(cells, "\t"), num(PText(r.P)), num(r.Indicator.Reference))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return s.notes(w, lang, fallback, words)
}

// notes lists what a reader needs to trust the table.
func (s *Summary) notes(w io.Writer, lang, fallback string, words TableWords) error {
	num := words.Number
	count := func(n int) string { return num(strconv.Itoa(n)) }
	fmt.Fprintf(w, "\n%s\n", fmt.Sprintf(strings.Replace(words.Interviews, "%d", "%s", 1), count(s.Interviews), s.By.Name))
	if s.NoAnswer > 0 {
		h := s.headers(lang, fallback)
		fmt.Fprintln(w, fmt.Sprintf(strings.Replace(words.NoAnswer, "%d", "%s", 1), count(s.NoAnswer), s.By.Name, h[len(h)-2], h[len(h)-1]))
	}
	method := words.QuantilesR
	if s.Quantiles == QuantilesSPSS {
		method = words.QuantilesSPSS
	}
	fmt.Fprintln(w, fmt.Sprintf(words.Method, method))
	if s.Simulated {
		fmt.Fprintln(w, words.Simulated)
	}
	for _, r := range s.Rows {
		if d := r.distribution(s.groupName(lang, fallback), count); d != "" {
			fmt.Fprintf(w, "%s\n%s", fmt.Sprintf(words.PerValue, r.Indicator.Name), d)
		}
	}
	for _, r := range s.Rows {
		switch {
		case r.Warning != "" && r.Test == "chi-square":
			fmt.Fprintf(w, "%s: %s\n", r.Indicator.Name, num(fmt.Sprintf(words.SmallExpected, r.MinExpected)))
		case r.Warning != "":
			fmt.Fprintf(w, "%s: %s\n", r.Indicator.Name, r.Warning)
		}
		if src := r.Indicator.ReferenceSource.In(lang, fallback); src != "" {
			fmt.Fprintln(w, fmt.Sprintf(words.ReferenceSource, r.Indicator.Name, src))
		}
	}
	return nil
}

// WriteMarkdown writes a Markdown table for reports, its words in
// English.
func (s *Summary) WriteMarkdown(w io.Writer, lang, fallback string) error {
	return s.WriteMarkdownIn(w, lang, fallback, EnglishTable)
}

// WriteMarkdownIn writes a Markdown table for reports with siap's own
// words and figures as words gives them.
func (s *Summary) WriteMarkdownIn(w io.Writer, lang, fallback string, words TableWords) error {
	num := words.Number
	h := s.headers(lang, fallback)
	fmt.Fprintf(w, "| %s | %s | p | %s |\n|---|%s---|---|\n", words.Indicator, strings.Join(h, " | "), words.Reference, strings.Repeat("---|", len(h)))
	for _, r := range s.Rows {
		label := r.Indicator.Label.In(lang, fallback)
		if label == "" {
			label = r.Indicator.Name
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, num(CellText(r.Indicator.Kind, c)))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", strings.ReplaceAll(label, "|", "\\|"), strings.Join(cells, " | "), num(PText(r.P)), num(r.Indicator.Reference))
	}
	return s.notes(w, lang, fallback, words)
}

// distribution lists, per group, how many interviews had each whole value
// of a mean indicator (the readiness index), or "" when it has none.
func (r Row) distribution(name func(string) string, count func(int) string) string {
	top := r.DistributionMax()
	if top < 0 {
		return ""
	}
	width := 12
	for _, c := range r.Cells {
		width = max(width, utf8.RuneCountInString(name(c.Group)))
	}
	var b strings.Builder
	for _, c := range r.Cells {
		fmt.Fprintf(&b, "  %-*s", width, name(c.Group))
		for v := 0; v <= top; v++ {
			fmt.Fprintf(&b, " %d:%-4s", v, count(c.Dist[v]))
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

// groupName gives a group's column header from its code.
func (s *Summary) groupName(lang, fallback string) func(string) string {
	h := s.headers(lang, fallback)
	return func(code string) string {
		for i, g := range s.Groups {
			if g.Code == code {
				return h[i]
			}
		}
		return h[len(h)-1]
	}
}

// DomainLabel names an indicator's domain as the form's
// indicator_domains list labels it in lang, else by its name; "" for an
// indicator without a domain.
func DomainLabel(ind *questionnaires.Indicator, lang, fallback string) string {
	if l := ind.DomainLabel.In(lang, fallback); l != "" {
		return l
	}
	return ind.Domain
}
