package questionnaires

import "testing"

// A study names its own domains; a form with an indicator_domains list
// gives them labels.
func TestIndicatorDomains(t *testing.T) {
	survey := []string{"survey", "type,name,label", "integer,a,A"}
	indicators := []string{"indicators", "name,domain,kind,expression", "x,Money,mean,${a}", "y,,proportion,${a} > 1"}
	f, err := Parse("f.csv", form(survey, indicators), nil)
	if err != nil {
		t.Fatal(err)
	}
	if x := f.Indicators[0]; x.Domain != "money" || x.Kind != Mean || !x.DomainLabel.Empty() {
		t.Errorf("indicator x: domain %q kind %v label %v", x.Domain, x.Kind, x.DomainLabel)
	}
	if y := f.Indicators[1]; y.Domain != "" || y.Kind != Proportion {
		t.Errorf("indicator y: domain %q kind %v", y.Domain, y.Kind)
	}
	choices := []string{"choices", "list_name,name,label::Bahasa Indonesia (id),label::English (en)", "indicator_domains,money,Uang,Money"}
	f, err = Parse("f.csv", form(survey, choices, indicators), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Indicators[0].DomainLabel.In("Bahasa Indonesia (id)", ""); got != "Uang" {
		t.Errorf("domain label %q, want Uang", got)
	}
}

func TestIndicatorKindNames(t *testing.T) {
	for _, k := range IndicatorKinds() {
		if got, ok := parseIndicatorKind(k.String()); !ok || got != k {
			t.Errorf("%v reads back as %v", k, got)
		}
	}
}
