package export

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"siap/internal/fieldwork"
	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

var fieldworkEnd = time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)

// simulated opens a data file with n simulated interviews of the shipped
// questionnaire.
func simulated(t testing.TB, n int) (*store.Store, *questionnaires.Form) {
	t.Helper()
	st, form, err := fieldwork.NewFile(filepath.Join(t.TempDir(), "siap.db"), n, 5, fieldworkEnd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, form
}

// formFile opens a fresh data file with a questionnaire given as
// pyxform-layout CSV; the file closes when the test ends.
func formFile(t testing.TB, src string) (*store.Store, *questionnaires.Form, string) {
	t.Helper()
	form, err := questionnaires.Parse("test.csv", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, key, err := fieldwork.Open(filepath.Join(t.TempDir(), "siap.db"), form)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, form, key
}

func readCSV(t *testing.T, path string) ([]string, []map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return rows[0], out
}

func TestRoundTrip(t *testing.T) {
	st, form := simulated(t, 60)
	dir := t.TempDir()
	res, err := Run(st, form, dir, Options{Simulated: IncludeSimulated})
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(dir, "data.csv"))
	if len(rows) != res.Interviews || res.Interviews == 0 {
		t.Fatalf("%d rows for %d interviews", len(rows), res.Interviews)
	}
	if !slices.Equal(header[:4], []string{"id", "status", "city", "interviewer"}) {
		t.Errorf("metadata columns first, got %v", header[:4])
	}
	for _, personal := range []string{"resp_name", "phone_number", "nik"} {
		if slices.Contains(header, personal) {
			t.Errorf("personal data column %s exported without --include-pii", personal)
		}
	}
	if !slices.Contains(header, "nik_hash") {
		t.Error("the NIK is not replaced by its keyed hash")
	}
	checked := 0
	for _, row := range rows {
		vals, err := st.Values(row["id"])
		if err != nil {
			t.Fatal(err)
		}
		want := interview.Restore(form, interview.Meta{}, vals).Values()
		for _, col := range header {
			n := form.Node(col)
			if n == nil || n.IsPII() || slices.Contains(metaColumns, col) {
				continue
			}
			if row[col] != want[col] {
				t.Errorf("%s %s: exported %q, stored %q", row["id"], col, row[col], want[col])
			}
			checked++
		}
		if got, _ := time.Parse(time.RFC3339, row["start"]); !got.Equal(mustTime(t, want["start"])) {
			t.Errorf("start %q, stored %q", row["start"], want["start"])
		}
		if want["ewallets"] != "" {
			for _, c := range form.Node("ewallets").List.Choices {
				chosen := slices.Contains(strings.Fields(want["ewallets"]), c.Name)
				if (row["ewallets_"+c.Name] == "1") != chosen {
					t.Errorf("ewallets_%s = %q for %q", c.Name, row["ewallets_"+c.Name], want["ewallets"])
				}
			}
		}
		if row["nik_hash"] != "" && row["nik_hash"] == vals["nik"] {
			t.Error("the NIK was exported in clear")
		}
	}
	if checked < 60*20 {
		t.Errorf("only %d cells compared", checked)
	}
	_, para := readCSV(t, filepath.Join(dir, "paradata.csv"))
	for _, p := range para {
		if p["question"] == "resp_name" && p["new_value"] != "(personal data)" && p["new_value"] != "" {
			t.Fatalf("a name is in the paradata: %v", p)
		}
	}
}

func TestOptions(t *testing.T) {
	st, form := simulated(t, 40)
	tests := []struct {
		name  string
		opts  Options
		check func(t *testing.T, header []string, rows []map[string]string, dir string)
	}{
		{"simulated taken while there are no others", Options{}, func(t *testing.T, _ []string, rows []map[string]string, _ string) {
			if len(rows) == 0 {
				t.Error("a file of simulated interviews exported none")
			}
		}},
		{"simulated left out on request", Options{Simulated: ExcludeSimulated}, func(t *testing.T, _ []string, rows []map[string]string, _ string) {
			if len(rows) != 0 {
				t.Errorf("%d simulated interviews exported", len(rows))
			}
		}},
		{"one city", Options{Simulated: IncludeSimulated, City: "kupang"}, func(t *testing.T, _ []string, rows []map[string]string, _ string) {
			for _, r := range rows {
				if r["city"] != "kupang" {
					t.Errorf("city %q", r["city"])
				}
			}
		}},
		{"refused only", Options{Simulated: IncludeSimulated, Statuses: []store.Status{store.Refused}}, func(t *testing.T, _ []string, rows []map[string]string, _ string) {
			for _, r := range rows {
				if r["status"] != string(store.Refused) {
					t.Errorf("status %q", r["status"])
				}
			}
		}},
		{"labels in English", Options{Simulated: IncludeSimulated, Labels: true, Language: "English (en)"}, func(t *testing.T, _ []string, rows []map[string]string, _ string) {
			if !strings.Contains(rows[0]["city"], "(") || rows[0]["consent"] != "Yes" {
				t.Errorf("labels not written: city %q consent %q", rows[0]["city"], rows[0]["consent"])
			}
		}},
		{"personal data on request", Options{Simulated: IncludeSimulated, IncludePII: true}, func(t *testing.T, header []string, rows []map[string]string, _ string) {
			if !slices.Contains(header, "resp_name") || !slices.Contains(header, "nik") || rows[0]["resp_name"] == "" {
				t.Errorf("--include-pii left out personal data: %v", header)
			}
		}},
		{"excel byte-order mark", Options{Simulated: IncludeSimulated, Excel: true}, func(t *testing.T, _ []string, _ []map[string]string, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "data.csv"))
			if !strings.HasPrefix(string(b), "\ufeffid,") {
				t.Errorf("no byte-order mark: %q", b[:8])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Run(st, form, dir, tt.opts); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(filepath.Join(dir, "data.csv"))
			os.WriteFile(filepath.Join(dir, "plain.csv"), []byte(strings.TrimPrefix(string(b), "\ufeff")), 0o600)
			header, rows := readCSV(t, filepath.Join(dir, "plain.csv"))
			tt.check(t, header, rows, dir)
		})
	}
}

func TestStataAndSPSSSyntax(t *testing.T) {
	st, form := simulated(t, 10)
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{Simulated: IncludeSimulated}); err != nil {
		t.Fatal(err)
	}
	do, _ := os.ReadFile(filepath.Join(dir, "data.do"))
	sps, _ := os.ReadFile(filepath.Join(dir, "data.sps"))
	for _, want := range []string{
		`import delimited using "data.csv"`,
		"label variable resp_age `\"Berapa umur Bapak/Ibu (tahun)?\"'",
		"label define yn_lbl 1 `\"Ya\"' 2 `\"Tidak\"', replace",
		"label values consent yn_lbl",
	} {
		if !strings.Contains(string(do), want) {
			t.Errorf("data.do lacks %s", want)
		}
	}
	for _, want := range []string{"GET DATA", "/FILE='data.csv'", "resp_age F12.0", "VARIABLE LABELS", "consent 1 'Ya' 2 'Tidak'", "EXECUTE."} {
		if !strings.Contains(string(sps), want) {
			t.Errorf("data.sps lacks %s", want)
		}
	}
}

// TestStataReadsIdentifiersAsText: Stata is told which columns are
// text, so that a NIK keeps its 16 digits and a phone number its
// leading 0; numbers stay numbers.
func TestStataReadsIdentifiersAsText(t *testing.T) {
	st, form := simulated(t, 10)
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{Simulated: IncludeSimulated, IncludePII: true}); err != nil {
		t.Fatal(err)
	}
	do, _ := os.ReadFile(filepath.Join(dir, "data.do"))
	m := regexp.MustCompile(`stringcols\(([0-9 ]+)\)`).FindSubmatch(do)
	if m == nil {
		t.Fatalf("data.do gives no stringcols():\n%s", do[:300])
	}
	header, _ := readCSV(t, filepath.Join(dir, "data.csv"))
	text := map[string]bool{}
	for _, f := range strings.Fields(string(m[1])) {
		i, _ := strconv.Atoi(f)
		text[header[i-1]] = true
	}
	for _, col := range []string{"id", "nik", "phone_number", "resp_name", "ewallets"} {
		if !text[col] {
			t.Errorf("%s is not read as text", col)
		}
	}
	for _, col := range []string{"resp_age", "consent", "ewallets_gopay", "duration_min"} {
		if text[col] {
			t.Errorf("%s, a number, is read as text", col)
		}
	}
}

func TestRepeatTables(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,integer,hh,Household\n,begin repeat,members,Member\n,text,mname,Name\n,integer,mage,Age\n,end repeat,,\n"
	st, form, key := formFile(t, src)
	s := interview.New(form, interview.Meta{})
	s.Set("hh", "7")
	s.AddInstance("members")
	s.Set("members[1]/mname", "Ani")
	s.Set("members[1]/mage", "40")
	s.AddInstance("members")
	s.Set("members[2]/mname", "Budi")
	iv, _ := st.Create(store.Interview{FormKey: key, FormID: form.ID}, nil)
	var changes []store.Change
	for p, v := range s.Answers() {
		changes = append(changes, store.Change{Path: p, Value: v})
	}
	st.Save(iv.ID, changes)
	st.SetStatus(iv.ID, store.Completed, "x", "")
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(dir, "members.csv"))
	if !slices.Equal(header, []string{"parent_id", "instance", "mname", "mage", "PARENT_KEY", "KEY"}) || len(rows) != 2 {
		t.Fatalf("members.csv: %v, %d rows", header, len(rows))
	}
	if rows[0]["parent_id"] != iv.ID || rows[1]["instance"] != "2" || rows[1]["mname"] != "Budi" || rows[0]["mage"] != "40" {
		t.Errorf("members rows %v", rows)
	}
	// ODK Central's keys: each row's KEY, and its parent's.
	if rows[1]["KEY"] != iv.ID+"/members[2]" || rows[1]["PARENT_KEY"] != iv.ID {
		t.Errorf("members row 2: KEY %q, PARENT_KEY %q; the interview is %s", rows[1]["KEY"], rows[1]["PARENT_KEY"], iv.ID)
	}
	mainHeader, _ := readCSV(t, filepath.Join(dir, "data.csv"))
	if slices.Contains(mainHeader, "mname") {
		t.Error("a repeated question is in data.csv")
	}
	// Each repeat table has its own Stata, SPSS and R scripts.
	for file, want := range map[string]string{
		"members.do":  `import delimited using "members.csv"`,
		"members.sps": "/FILE='members.csv'",
		"members.R":   `members <- read.csv("members.csv"`,
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || !strings.Contains(string(b), want) || !strings.Contains(string(b), "linked to data.csv by parent_id") {
			t.Errorf("%s: %v\n%s", file, err, b)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, ok := parseTime(s)
	if !ok {
		t.Fatalf("not a time: %q", s)
	}
	return v
}

// TestNames: the CSV keeps every question's whole name (a dummy never
// takes a question's), in siap's, ODK's or Kobo's style; only the Stata
// and SPSS scripts shorten or clean names, and the codebook maps them.
func TestNames(t *testing.T) {
	st, form := awkwardFile(t)
	tests := []struct {
		style Names
		want  map[string][]string // file: columns it has
	}{
		{NamesSiap, map[string][]string{
			"data.csv":   {longName, "answer_code", "fruit_apple", "fruit_apple_2", "fruit_banana", "KEY"},
			"phones.csv": {"phone_no", "PARENT_KEY", "KEY"},
		}},
		{NamesODK, map[string][]string{
			"data.csv":    {"hh-" + longName, "hh-answer_code", "hh-fruit_apple", "hh-fruit/apple", "KEY"},
			"members.csv": {"mname", "PARENT_KEY", "KEY"},
			"phones.csv":  {"phone_no", "PARENT_KEY"},
		}},
		{NamesKobo, map[string][]string{
			"data.csv":    {"hh/" + longName, "hh/answer_code", "hh/fruit/apple", "KEY"},
			"members.csv": {"members/mname"},
			"phones.csv":  {"members/contact/phones/phone_no"},
		}},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if _, err := Run(st, form, dir, Options{Names: tt.style}); err != nil {
			t.Fatal(err)
		}
		for file, cols := range tt.want {
			header, _ := readCSV(t, filepath.Join(dir, file))
			for _, c := range cols {
				if !slices.Contains(header, c) {
					t.Errorf("names %q: %s lacks %s: %v", tt.style, file, c, header)
				}
			}
		}
		_, book := readCSV(t, filepath.Join(dir, "codebook.csv"))
		for _, r := range book {
			if len(r["stata_name"]) > stataNameMax || len(r["spss_name"]) > spssNameMax || strings.ContainsAny(r["stata_name"]+r["spss_name"], "-/") {
				t.Errorf("names %q: %s is %s in Stata and %s in SPSS", tt.style, r["variable"], r["stata_name"], r["spss_name"])
			}
			if r["question"] == "fruit" && r["choice"] == "apple" && !strings.Contains(r["variable"], "apple") {
				t.Errorf("names %q: the apple dummy is %s", tt.style, r["variable"])
			}
		}
	}
}

// TestInstanceKey: KEY as ODK Central writes it, groups by name and
// repeats with their position, so that existing join scripts work.
func TestInstanceKey(t *testing.T) {
	src := "survey,,,\n,type,name,label\n,begin group,hh,Household\n,begin repeat,members,Member\n,begin group,contact,Contact\n" +
		",begin repeat,phones,Phone\n,text,phone_no,Number\n,end repeat,,\n,end group,,\n,end repeat,,\n,end group,,\n"
	form, err := questionnaires.Parse("keys.csv", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		repeat   string
		instance []int
		want     string
	}{
		{"members", []int{2}, "uuid:x/hh/members[2]"},
		{"phones", []int{1, 3}, "uuid:x/hh/members[1]/contact/phones[3]"},
	}
	for _, tt := range tests {
		if got := instanceKey("uuid:x", form.Node(tt.repeat), tt.instance); got != tt.want {
			t.Errorf("instanceKey(%s, %v) = %s, want %s", tt.repeat, tt.instance, got, tt.want)
		}
	}
}

// TestScriptNames: where Stata's 32 characters cut a question's dummies,
// each keeps its choice code, so they are not told apart by a number.
func TestScriptNames(t *testing.T) {
	q := "main_reasons_hh_migrated_to_leave_the_area"
	stata, spss := newScriptNames(stataNameMax), newScriptNames(spssNameMax)
	tests := []struct {
		col         column
		stata, spss string
	}{
		{column{name: q}, "main_reasons_hh_migrated_to_leav", q},
		{column{name: q + "_economic", kind: dummyColumn, choice: &questionnaires.Choice{Name: "economic"}}, "main_reasons_hh_migrate_economic", q + "_economic"},
		{column{name: q + "_security", kind: dummyColumn, choice: &questionnaires.Choice{Name: "security"}}, "main_reasons_hh_migrate_security", q + "_security"},
		{column{name: "hh-" + q + "/other", kind: dummyColumn, choice: &questionnaires.Choice{Name: "other"}}, "hh_main_reasons_hh_migrate_other", "hh_" + q + "_other"},
		{column{name: "fruit_apple", kind: dummyColumn, choice: &questionnaires.Choice{Name: "apple"}}, "fruit_apple", "fruit_apple"},
		{column{name: "KEY"}, "KEY", "KEY"},
	}
	for _, tt := range tests {
		if got := stata.column(tt.col); got != tt.stata {
			t.Errorf("Stata name of %s = %s, want %s", tt.col.name, got, tt.stata)
		}
		if got := spss.column(tt.col); got != tt.spss {
			t.Errorf("SPSS name of %s = %s, want %s", tt.col.name, got, tt.spss)
		}
	}
}

// Labels written with ODK's Markdown and HTML reach the codebook and the
// Stata, SPSS and R scripts as plain text.
func TestExportsCarryPlainLabels(t *testing.T) {
	st, form, _ := formFile(t, "survey,,,\n,type,name,label\n,select_one yn,q,\"**Ada** <span style=\"\"color:red\"\">air</span>?\"\n"+
		"choices,,,\n,list_name,name,label\n,yn,1,<b>Ya</b>\n,yn,2,_Tidak_\n")
	dir := t.TempDir()
	if _, err := Run(st, form, dir, Options{Simulated: IncludeSimulated}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	read := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil || strings.HasSuffix(f, ".xlsx") {
			continue
		}
		read++
		s := string(data)
		for _, markup := range []string{"**", "<span", "<b>", "_Tidak_"} {
			if strings.Contains(s, markup) {
				t.Errorf("%s carries %q", filepath.Base(f), markup)
			}
		}
		if strings.HasSuffix(f, ".do") && (!strings.Contains(s, "Ada air?") || !strings.Contains(s, "`\"Ya\"'")) {
			t.Errorf("%s lacks the plain labels:\n%s", filepath.Base(f), s)
		}
	}
	if read < 3 {
		t.Errorf("only %d files written: %v", read, files)
	}
}
