package questionnaires

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refusal is an error a form must be refused with.
type refusal struct {
	sheet  string
	row    int
	column string
	msg    string
}

func (r refusal) is(p Problem) bool {
	return p.Severity == Error && p.Sheet == r.sheet && p.Row == r.row && p.Column == r.column && strings.Contains(p.Message, r.msg)
}

// TestEverySharedForm reads every form in ../shared/xlsforms and its real/
// folder and asserts what siap does with it: the forms pyxform converts
// and ODK runs load (a question a terminal cannot capture only warns,
// naming its row and type); those pyxform refuses are refused with the
// same reason at the same sheet, row and column. A form added to the
// folders must be added here.
func TestEverySharedForm(t *testing.T) {
	tests := map[string]struct {
		refused []refusal // each must be among the errors; none: the form loads
	}{
		"bad_calc.xlsx":           {refused: []refusal{{"survey", 2, "calculation (D)", "is not a valid expression"}}},
		"case_insensitivity.xlsx": {},
		"choice_filter_test.xlsx": {},
		"duplicate_columns.xlsx":  {refused: []refusal{{"survey", 1, "label (E)", "means the same as column label (D)"}}},
		"extra_columns.xlsx":      {},
		"group.xlsx":              {},
		"loop.xlsx":               {},
		"specify_other.xlsx":      {},
		"xlsform_spec_test.xlsx":  {},
		"yes_or_no_question.xlsx": {},
		"text_and_integer.csv":    {},
		"utf_csv.csv":             {},
		"widgets.csv":             {},

		"real/erec_erec_examination_form.xlsx":                         {},
		"real/getodkdocs_recensement_etablissements_scolaires_24.xlsx": {},
		// pyxform refuses duplicate choice names in a list, filtered or not.
		"real/liberias3m_liberiacoverage.xlsx": {refused: []refusal{
			{"choices", 155, "name (B)", `list spid has the name "1" twice (rows 125 and 155)`},
			{"choices", 273, "name (B)", `list ea has the name "1" twice (rows 185 and 273)`},
		}},
		"real/liberias3m_liberiacoveragevillageform.xlsx": {refused: []refusal{
			{"choices", 35, "name (B)", `list spid has the name "1" twice (rows 5 and 35)`},
		}},
		"real/odkbiometrics_person_registration.xlsx": {},
		// It reads another form's submissions (xml-external), which are
		// not here.
		"real/odkbiometrics_verification_kobo.xlsx": {
			refused: []refusal{{"survey", 2, "type (A)", "xml-external survey reads survey.xml (data ODK attaches to the form, such as another form's submissions), which is missing"}},
		},
		"real/onadata_external_choice_form_v1.xlsx":    {},
		"real/onadata_grains.xlsx":                     {},
		"real/onadata_mali_health.xlsx":                {},
		"real/onadata_select_one_choices_test.xlsx":    {},
		"real/onadata_subdistrict_profiling_tool.xlsx": {},
		"real/onadata_universal_newline.csv":           {},
		// pyxform: "Unknown question type 'hidden string'" and "The survey
		// element named 'yesno_labels' has no label or hint."
		"real/qtools2_wge-female-questionnaire-ng-pilot-v11.xlsx": {refused: []refusal{
			{"survey", 383, "label::English (C)", "yesno_labels has no label or hint"},
			{"survey", 400, "type (A)", `"hidden string" is not a question type`},
			{"survey", 401, "type (A)", `"hidden geopoint" is not a question type`},
		}},
		"real/trachomakappa_trachoma_grading_kappa.xlsx": {},
	}
	var files []string
	for _, pattern := range []string{"*.xlsx", "*.xls", "*.csv", "real/*.xlsx", "real/*.xls", "real/*.csv"} {
		found, _ := filepath.Glob(filepath.Join(sharedForms, pattern))
		files = append(files, found...)
	}
	if len(files) == 0 {
		t.Skipf("the shared forms folder %s is not available", sharedForms)
	}
	for _, file := range files {
		name, _ := filepath.Rel(sharedForms, file)
		name = filepath.ToSlash(name)
		t.Run(name, func(t *testing.T) {
			tt, ok := tests[name]
			if !ok {
				t.Fatalf("%s is not in the table: say whether it loads or why it is refused", name)
			}
			f, err := Load(file)
			var le *LoadError
			switch {
			case err == nil:
				if len(tt.refused) > 0 {
					t.Fatalf("loaded; pyxform refuses it (%s)", tt.refused[0].msg)
				}
				for _, p := range f.Warnings {
					if p.Code == CodeUnsupportedType && (p.Row == 0 || !strings.Contains(p.Message, `"`)) {
						t.Errorf("unsupported type warning without its row and type: %s", p)
					}
				}
			case !errors.As(err, &le):
				t.Fatalf("not a form error: %v", err)
			case len(tt.refused) == 0:
				t.Fatalf("refused: %v", err)
			default:
				for _, want := range tt.refused {
					found := false
					for _, p := range le.Problems {
						found = found || want.is(p)
					}
					if !found {
						t.Errorf("no error at sheet %s row %d column %s containing %q", want.sheet, want.row, want.column, want.msg)
					}
				}
			}
		})
	}
	for name := range tests {
		if _, err := os.Stat(filepath.Join(sharedForms, name)); err != nil {
			t.Errorf("%s is in the table but not in the folder", name)
		}
	}
}
