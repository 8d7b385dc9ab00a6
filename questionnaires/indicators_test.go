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

// A reference's source is translated as a label is: one column per
// language (reference_source::English (en)), or one for every language.
func TestReferenceSourcePerLanguage(t *testing.T) {
	survey := []string{"survey", "type,name,label::Bahasa Indonesia (id),label::English (en)", "integer,a,A,A"}
	for _, tt := range []struct {
		name       string
		indicators []string
		id, en     string
	}{
		{"per language", []string{"indicators", "name,kind,expression,reference,reference_source::Bahasa Indonesia (id),reference_source::English (en)", "x,mean,${a},2,Sensus 2020,Census 2020"}, "Sensus 2020", "Census 2020"},
		{"one for all", []string{"indicators", "name,kind,expression,reference,reference_source", "x,mean,${a},2,BPS 2020"}, "BPS 2020", "BPS 2020"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("f.csv", form(survey, tt.indicators), nil)
			if err != nil {
				t.Fatal(err)
			}
			src := f.Indicators[0].ReferenceSource
			if got := src.In("Bahasa Indonesia (id)", f.DefaultLanguage); got != tt.id {
				t.Errorf("in Bahasa Indonesia: %q, want %q", got, tt.id)
			}
			if got := src.In("English (en)", f.DefaultLanguage); got != tt.en {
				t.Errorf("in English: %q, want %q", got, tt.en)
			}
		})
	}
}
