package interview

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"siap/internal/testforms"
	"siap/questionnaires"
)

// parseForm builds a form from pyxform-layout CSV sheets.
func parseForm(t testing.TB, sheets ...string) *questionnaires.Form {
	t.Helper()
	return formIn(t, nil, sheets...)
}

func stopPaths(s *State) []string {
	var out []string
	for _, it := range s.Stops() {
		out = append(out, it.Path)
	}
	return out
}

func TestRepeatsTheInterviewerControls(t *testing.T) {
	// Calculations referring into the repeat from outside see every instance.
	f := parseForm(t, `survey
		type,name,label,relevant,calculation
		begin repeat,members,Member,,
		text,mname,Name,,
		integer,age,Age,,
		note,adult,Adult,${age} >= 18,
		end repeat,,,,
		calculate,n_members,,,count(${members})
		calculate,total_age,,,sum(${age})
		note,summary,${n_members} members,,`)

	s := New(f, Meta{Now: fixedNow})
	if got := stopPaths(s); !slices.Equal(got, []string{"members[+]", "summary"}) {
		t.Fatalf("stops of an empty roster = %v", got)
	}
	first, err := s.AddInstance("members")
	if err != nil || first == nil || first.Path != "members[1]/mname" {
		t.Fatalf("AddInstance = %v, %v", first, err)
	}
	mustSet(t, s, "members[1]/mname", "Ani")
	mustSet(t, s, "members[1]/age", "34")
	s.AddInstance("members")
	mustSet(t, s, "members[2]/mname", "Budi")
	mustSet(t, s, "members[2]/age", "9")
	s.AddInstance("members")
	mustSet(t, s, "members[3]/mname", "Citra")
	mustSet(t, s, "members[3]/age", "61")

	want := []string{"members[1]/mname", "members[1]/age", "members[1]/adult", "members[2]/mname", "members[2]/age",
		"members[3]/mname", "members[3]/age", "members[3]/adult", "members[+]", "summary"}
	if got := stopPaths(s); !slices.Equal(got, want) {
		t.Errorf("stops = %v\nwant %v", got, want)
	}
	if s.Value("n_members") != "3" || s.Value("total_age") != "104" {
		t.Errorf("count = %s, sum = %s; want 3 and 104", s.Value("n_members"), s.Value("total_age"))
	}
	if got := s.Label(s.Item("summary")); got != "3 members" {
		t.Errorf("label %q", got)
	}
	s.TakeChanges()
	if err := s.RemoveInstance("members", 2); err != nil {
		t.Fatal(err)
	}
	if s.Value("members[2]/mname") != "Citra" || s.Value("n_members") != "2" || s.Answer("members[3]/mname") != "" {
		t.Errorf("after removing instance 2: members[2]=%q count=%s members[3]=%q",
			s.Value("members[2]/mname"), s.Value("n_members"), s.Answer("members[3]/mname"))
	}
	changes := s.TakeChanges()
	if len(changes) == 0 {
		t.Error("removing an instance reported no changes to save")
	}
	r := Restore(f, Meta{Now: fixedNow}, s.Answers())
	if r.Count("members") != 2 || r.Value("members[2]/age") != "61" {
		t.Error("a restored interview lost its roster")
	}
}

func TestRepeatCountAndPosition(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label,repeat_count,calculation
		integer,n,How many children?,,
		begin repeat,child,Child,${n},
		calculate,pos,,,position(..)
		integer,age,Age of child ${pos},,
		end repeat,,,,
		calculate,second_age,,,"indexed-repeat(${age}, ${child}, 2)"`)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "n", "3")
	if got := stopPaths(s); !slices.Equal(got, []string{"n", "child[1]/age", "child[2]/age", "child[3]/age"}) {
		t.Fatalf("stops = %v", got)
	}
	if got := s.Label(s.Item("child[2]/age")); got != "Age of child 2" {
		t.Errorf("label %q", got)
	}
	mustSet(t, s, "child[2]/age", "7")
	if s.Value("second_age") != "7" {
		t.Errorf("indexed-repeat = %q", s.Value("second_age"))
	}
	mustSet(t, s, "n", "1")
	if got := stopPaths(s); !slices.Equal(got, []string{"n", "child[1]/age"}) {
		t.Errorf("stops after n=1: %v", got)
	}
	if s.Value("second_age") != "" {
		t.Error("a value from a vanished instance is still used")
	}
	if _, err := s.AddInstance("child"); err == nil {
		t.Error("AddInstance on a repeat with repeat_count should be refused")
	}
}

// sharedForm loads a form of ../shared/xlsforms, skipping (and saying
// so) where that folder is absent.
func sharedForm(t *testing.T, name string) *questionnaires.Form {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "xlsforms", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared form not available: %v", err)
	}
	f, err := questionnaires.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestChoiceFilterCascade(t *testing.T) {
	s := New(sharedForm(t, "choice_filter_test.xlsx"), Meta{Now: fixedNow})
	names := func(path string) []string {
		var out []string
		for _, c := range s.Options(s.Item(path)) {
			out = append(out, c.Name)
		}
		return out
	}
	mustSet(t, s, "state", "texas")
	if got := names("county"); !slices.Equal(got, []string{"king", "cameron"}) {
		t.Errorf("counties of texas = %v", got)
	}
	mustSet(t, s, "county", "cameron")
	if got := names("city"); !slices.Equal(got, []string{"brownsville", "harlingen"}) {
		t.Errorf("cities of cameron = %v", got)
	}
	if err := s.Set("city", "seattle"); err == nil {
		t.Error("a choice the filter hides was accepted")
	}
}

func TestLoopOverChoices(t *testing.T) {
	s := New(sharedForm(t, "loop.xlsx"), Meta{Now: fixedNow})
	var labels []string
	for _, it := range s.Stops() {
		if it.Node.Name == "number" {
			labels = append(labels, s.Label(it))
		}
	}
	want := []string{"How many Pit latrine with slab are on the premises?", "How many Pit latrine without slab/open pit are on the premises?", "How many Bucket system are on the premises?"}
	if !slices.Equal(labels, want) {
		t.Errorf("loop labels = %q", labels)
	}
}

func TestOtherSpecify(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label
		select_one sexes or_other,sex,Sex`, `choices
		list_name,name,label
		sexes,male,Male
		sexes,female,Female`)
	s := New(f, Meta{Now: fixedNow})
	mustSet(t, s, "sex", "female")
	if slices.Contains(stopPaths(s), "sex_other") {
		t.Error("sex_other asked without other chosen")
	}
	mustSet(t, s, "sex", "other")
	if !slices.Contains(stopPaths(s), "sex_other") {
		t.Error("sex_other not asked when other chosen")
	}
}

func TestDefaultsReadOnlyRangeAndTypes(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label,default,read_only,parameters,required
		integer,visits,Visits,2,,,
		text,code,Code,,yes,,
		range,score,Score,,,start=0 end=10 step=2,
		date,when,When,,,,
		time,at,At,,,,
		acknowledge,ok,Understood?,,,,yes`)
	s := New(f, Meta{Now: fixedNow})
	if s.Answer("visits") != "2" {
		t.Errorf("default not entered: %q", s.Answer("visits"))
	}
	if err := s.Set("code", "x"); err == nil {
		t.Error("a read-only question accepted an answer")
	}
	tests := []struct {
		path, in, stored string
		ok               bool
	}{
		{"score", "4", "4", true},
		{"score", "5", "", false},
		{"score", "12", "", false},
		{"when", "17/08/2024", "2024-08-17", true},
		{"when", "2024-02-30", "", false},
		{"at", "14:30", "14:30", true},
		{"at", "25:00", "", false},
		{"ok", "yes", "OK", true},
		{"ok", "", "", false},
	}
	for _, tt := range tests {
		err := s.Set(tt.path, tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Set(%s, %q) error = %v, want ok=%v", tt.path, tt.in, err, tt.ok)
			continue
		}
		if tt.ok && s.Answer(tt.path) != tt.stored {
			t.Errorf("Set(%s, %q) stored %q, want %q", tt.path, tt.in, s.Answer(tt.path), tt.stored)
		}
	}
}

func TestNavigation(t *testing.T) {
	s := New(shipped(t), Meta{Now: fixedNow})
	if s.First().Node.Name != "city" {
		t.Fatalf("first stop %s", s.First().Node.Name)
	}
	if s.Prev("city") != nil {
		t.Error("a stop before the first")
	}
	if s.Next("city").Node.Name != "hh_id" || s.Prev("hh_id").Node.Name != "city" {
		t.Error("next/prev do not step one question")
	}
	// Without consent the interview ends at the closing note.
	mustSet(t, s, "consent", "2")
	if s.Next("consent").Node.Name != "no_consent_note" || s.Next("no_consent_note") != nil {
		t.Error("after refusal the interview should end at no_consent_note")
	}
	mustSet(t, s, "consent", "1")
	secs := s.Sections()
	var names []string
	for _, sec := range secs {
		names = append(names, sec.Section.Node.Name)
	}
	want := []string{"location", "intro", "profile", "identity", "bansos", "account", "device", "capability", "access_points", "trust"}
	if !slices.Equal(names, want) {
		t.Errorf("sections %v", names)
	}
	mustSet(t, s, "city", "medan")
	if s.FirstUnanswered().Node.Name != "hh_id" {
		t.Errorf("first unanswered %s", s.FirstUnanswered().Node.Name)
	}
}

func bigForm(b testing.TB, roster bool) *questionnaires.Form {
	f, err := testforms.Big(roster)
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkSetOnBigForm measures one answer and the re-evaluation it
// causes on the 500-question form, with 0 or 100 roster members: an
// answer before the roster, one inside it (a member's age) and adding a
// member.
func BenchmarkSetOnBigForm(b *testing.B) {
	for _, roster := range []int{0, 100} {
		for _, what := range []string{"q0_0", "members[50]/mage", "add member"} {
			if roster == 0 && what != "q0_0" {
				continue
			}
			b.Run(fmt.Sprintf("instances=%d/%s", roster, what), func(b *testing.B) {
				withoutComparison(b)
				s := New(bigForm(b, roster > 0), Meta{Now: fixedNow})
				for i := 0; i < roster; i++ {
					s.AddInstance("members")
				}
				for i := 0; b.Loop(); i++ {
					if what == "add member" {
						if i%50 == 0 {
							b.StopTimer()
							for s.Count("members") > roster {
								s.RemoveInstance("members", s.Count("members"))
							}
							b.StartTimer()
						}
						if _, err := s.AddInstance("members"); err != nil {
							b.Fatal(err)
						}
						continue
					}
					if err := s.Set(what, fmt.Sprint(i%50)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestSiapMessagesFollowTheInterface: a form whose labels have no
// language gets siap's messages in the interface's language; a form in
// English or Indonesian keeps its own.
func TestSiapMessagesFollowTheInterface(t *testing.T) {
	plain := parseForm(t, `survey
type,name,label
integer,n,How many?`)
	tests := []struct {
		name        string
		form        *questionnaires.Form
		lang, siap  string
		path, value string
		want        string
	}{
		{"no language, Indonesian interface", plain, "", "id", "n", "x", "Masukkan bilangan bulat"},
		{"no language, English interface", plain, "", "en", "n", "x", "Enter a whole number"},
		{"English form, Indonesian interface", shipped(t), "English (en)", "id", "resp_age", "x", "Enter a whole number"},
		{"Indonesian form, English interface", shipped(t), "Bahasa Indonesia (id)", "en", "resp_age", "x", "Masukkan bilangan bulat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(tt.form, Meta{Now: fixedNow})
			s.SetLanguage(tt.lang)
			s.SetMessageLanguage(tt.siap)
			if tt.form != plain {
				mustSet(t, s, "consent", "1")
			}
			err := s.Set(tt.path, tt.value)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Set(%s, %q) = %v, want a message with %q", tt.path, tt.value, err, tt.want)
			}
		})
	}
}

// TestPullDataFromASampleList: a calculation reads the household's
// address from households.csv beside the form; an unknown household
// gives nothing; the file goes with the form's attachments.
func TestPullDataFromASampleList(t *testing.T) {
	dir := fstest.MapFS{"households.csv": {Data: []byte("hh_id,Address,head\n1,Jl. Melati 3,Ibu Sri\n2,Jl. Kenanga 9,Pak Budi\n")}}
	src := "survey,,,,\n,type,name,label,calculation\n,integer,hh_id,Nomor rumah tangga,\n,calculate,address,,\"pulldata('households', 'address', 'hh_id', ${hh_id})\"\n,note,show,Alamat: ${address},\n"
	form, err := questionnaires.Parse("f.csv", []byte(src), dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ hh, address string }{
		{"2", "Jl. Kenanga 9"},
		{"1", "Jl. Melati 3"},
		{"7", ""},
	}
	for _, tt := range tests {
		s := New(form, Meta{Now: fixedNow})
		mustSet(t, s, "hh_id", tt.hh)
		if got := s.Value("address"); got != tt.address {
			t.Errorf("household %s: address %q, want %q", tt.hh, got, tt.address)
		}
		if got := s.Label(s.Item("show")); got != "Alamat: "+tt.address {
			t.Errorf("label %q", got)
		}
	}
	if _, ok := form.Attachments["households.csv"]; !ok {
		t.Error("households.csv is not kept with the form")
	}
	again, err := questionnaires.Parse("f.csv", form.Source, form.Attachments)
	if err != nil || again.PullData("households", "head", "hh_id", "1") != "Ibu Sri" {
		t.Errorf("the form read back from its attachments: %v", err)
	}
	if _, err := questionnaires.Parse("f.csv", []byte(src), fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "pulldata() reads households.csv, which is missing") || !strings.Contains(err.Error(), "row 4") {
		t.Errorf("without households.csv: %v", err)
	}
}

// TestDynamicDefaults: a default that is an expression is worked out
// when the question is first asked (today(), another answer); a literal
// one, even with brackets, is taken as written.
func TestDynamicDefaults(t *testing.T) {
	form := parseForm(t, `survey
type,name,label,default
text,first,Nama depan,
text,call,Nama panggilan,${first}
date,visit,Tanggal kunjungan,today()
text,place,Tempat,Jakarta (pusat)`)
	s := New(form, Meta{Now: fixedNow})
	if got := s.Answer("visit"); got != fixedNow().Format("2006-01-02") {
		t.Errorf("today() default: %q", got)
	}
	if got := s.Answer("place"); got != "Jakarta (pusat)" {
		t.Errorf("literal default: %q", got)
	}
	if _, ok := s.Answers()["call"]; ok {
		t.Error("a default copying an unanswered question was entered empty")
	}
	mustSet(t, s, "first", "Siti")
	if got := s.Answer("call"); got != "Siti" {
		t.Errorf("${first} default: %q", got)
	}
	mustSet(t, s, "call", "Ti")
	mustSet(t, s, "first", "Sri")
	if got := s.Answer("call"); got != "Ti" {
		t.Errorf("the default overwrote the interviewer's answer: %q", got)
	}
}

// TestCalculationBeforeItsRepeat: a calculation above the repeat it
// counts or sums sees its instances, as in ODK (the engine once read a
// repeat's count before the walk had reached it, and gave 0).
func TestCalculationBeforeItsRepeat(t *testing.T) {
	f := parseForm(t, `survey
		type,name,label,calculation
		calculate,n,,count(${members})
		calculate,total,,sum(${age})
		begin repeat,members,Member,
		integer,age,Age,
		end repeat,,,`)
	s := New(f, Meta{Now: fixedNow})
	s.AddInstance("members")
	s.AddInstance("members")
	mustSet(t, s, "members[1]/age", "30")
	mustSet(t, s, "members[2]/age", "4")
	if s.Value("n") != "2" || s.Value("total") != "34" {
		t.Errorf("count %q, sum %q; want 2 and 34", s.Value("n"), s.Value("total"))
	}
	if err := s.RemoveInstance("members", 1); err != nil {
		t.Fatal(err)
	}
	if s.Value("n") != "1" || s.Value("total") != "4" {
		t.Errorf("after removing a member: count %q, sum %q; want 1 and 4", s.Value("n"), s.Value("total"))
	}
}
