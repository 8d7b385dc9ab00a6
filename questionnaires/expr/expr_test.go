package expr

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeEnv answers references from a map; a name with several values
// stands for a question inside a repeat.
type fakeEnv struct {
	vals      map[string]Value
	current   Value
	bare      map[string]string
	root      *Element
	context   Node
	instances map[string]*Element
	lastSaved map[string]string
}

func (f fakeEnv) Root() Node {
	if f.root == nil {
		return nil
	}
	return f.root
}
func (f fakeEnv) ContextNode() Node      { return f.context }
func (f fakeEnv) Pin(step []Node) []Node { return step }
func (f fakeEnv) Instance(id string) Node {
	if e := f.instances[id]; e != nil {
		return e
	}
	return nil
}
func (f fakeEnv) LastSaved(name string) Value { return Str(f.lastSaved[name]) }
func (f fakeEnv) Random() float64             { return 0.25 }

// document builds an XML-like tree from lines "a/b/c=text", adding each
// path's last element anew (so that repeated names make siblings).
func document(lines ...string) *Element {
	doc := &Element{}
	for _, l := range lines {
		path, text, _ := strings.Cut(l, "=")
		steps := strings.Split(path, "/")
		at := doc
		for i, st := range steps {
			if i == len(steps)-1 {
				at.Add(st, text)
				break
			}
			if kids := at.Kids; len(kids) > 0 && kids[len(kids)-1].Tag == st {
				last := kids[len(kids)-1]
				// A leaf met again starts a new sibling: the next member.
				if i < len(steps)-2 || len(last.Children(steps[i+1])) == 0 {
					at = last
					continue
				}
			}
			at = at.Add(st, "")
		}
	}
	doc.Seal()
	return doc
}

func (f fakeEnv) Ref(name string) Value {
	if v, ok := f.vals[name]; ok {
		return v
	}
	return Str("")
}
func (f fakeEnv) Current() Value                 { return f.current }
func (f fakeEnv) Bare(name string) Value         { return Str(f.bare[name]) }
func (f fakeEnv) Position() int                  { return 2 }
func (f fakeEnv) Now() time.Time                 { return time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC) }
func (f fakeEnv) ChoiceLabel(q, v string) string { return q + ":" + v }
func (f fakeEnv) PullData(file, col, keyCol, key string) string {
	return file + "/" + col + "/" + keyCol + "=" + key
}
func (f fakeEnv) IndexedRepeat(name, repeat string, n int) Value {
	nodes := f.Ref(name).Nodes()
	if n < 1 || n > len(nodes) {
		return Str("")
	}
	return nodes[n-1]
}

func TestEval(t *testing.T) {
	env := fakeEnv{
		vals: map[string]Value{
			"age":      Num(34),
			"name":     Str("Siti"),
			"empty":    Str(""),
			"ewallets": Str("gopay ovo"),
			"consent":  Str("1"),
			"dob":      DateOf(time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)),
			"ages":     NodeSet([]Value{Num(40), Num(12), Num(7)}),
		},
		current: Num(15),
		bare:    map[string]string{"cf": "jakarta"},
		root:    document("data/group/age=34"),
	}
	tests := []struct{ src, want string }{
		{"1 + 2 * 3", "7"},
		{"(1 + 2) * 3", "9"},
		{"7 div 2", "3.5"},
		{"7 mod 3", "1"},
		{"-${age} + 4", "-30"},
		{"${age} >= 17 and ${age} <= 120", "true"},
		{"${age} > 17 or ${missing} = 1", "true"},
		{". < 10", "false"},
		{". >= 10 and . <= 20", "true"},
		{"${consent} = 1", "true"},
		{"${consent} = '1'", "true"},
		{"${consent} != 2", "true"},
		{"${empty} = ''", "true"},
		{"${empty} > 5", "false"},
		{"${empty} < 5", "false"},
		{"${name} = 'Siti'", "true"},
		{"'abc' < 'abd'", "false"}, // XPath compares strings as numbers: NaN
		{"true() = 'x'", "true"},
		{"selected(${ewallets}, 'ovo')", "true"},
		{"selected(${ewallets}, 'dana')", "false"},
		{"not(selected(${ewallets}, 'none'))", "true"},
		{"count-selected(${ewallets})", "2"},
		{"selected-at(${ewallets}, 1)", "ovo"},
		{"selected-at(${ewallets}, 5)", ""},
		{"jr:choice-name(${consent}, '${consent}')", "consent:1"},
		{"if(${age} > 60, 'old', 'young')", "young"},
		{"coalesce(${empty}, 'none')", "none"},
		{"concat(${name}, ' (', ${age}, ')')", "Siti (34)"},
		{"string-length('Bahasa')", "6"},
		{"substr('Indonesia', 0, 4)", "Indo"},
		{"substr('Indonesia', 4)", "nesia"},
		{"substring('Indonesia', 2, 3)", "ndo"},
		{"contains(${name}, 'it')", "true"},
		{"starts-with(${name}, 'S')", "true"},
		{"ends-with(${name}, 'x')", "false"},
		{"regex('3171234567890123', '^[0-9]{16}$')", "true"},
		{"regex('31712', '^[0-9]{16}$')", "false"},
		{"regex('x', '[')", "false"},
		{"number('12.5') + 1", "13.5"},
		{"number('abc')", "NaN"},
		{"int(7.9)", "7"},
		{"int(-7.9)", "-7"},
		{"round(2.5)", "3"},
		{"round(3.14159, 2)", "3.14"},
		{"string(12)", "12"},
		{"boolean('')", "false"},
		{"boolean('0')", "true"},
		{"boolean(${empty})", "false"},
		{"today()", "2026-11-24"},
		{"today() + 7", "2026-12-01"},
		{"date('2024-02-28') + 1", "2024-02-29"},
		{"${dob} < today()", "true"},
		{"format-date(${dob}, '%d/%m/%Y')", "17/05/1990"},
		{"format-date('2024-03-05', '%e %b %y')", "5 Mar 24"},
		{"count(${ages})", "3"},
		{"sum(${ages})", "59"},
		{"min(${ages})", "7"},
		{"max(${ages})", "40"},
		{"max(3, 9, 4)", "9"},
		{"${ages} > 30", "true"},
		{"position(..)", "2"},
		{"indexed-repeat(${ages}, ${members}, 2)", "12"},
		{"once(5)", "15"},
		{"cf = 'jakarta'", "true"},
		{"/data/group/age + 1", "35"},
		{"normalize-space('  a   b ')", "a b"},
		{"substring-before('a-b', '-')", "a"},
		{"join(', ', ${ages})", "40, 12, 7"},
		{"pow(2, 10)", "1024"},
		{"1 div 0", "Infinity"},
	}
	evalEach(t, env, tests)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src     string
		wantPos int
		wantMsg string
	}{
		{"", 1, "empty"},
		{"because pyxform doesn't know what to do", 22, "text in quotes is not closed"},
		{"because pyxform", 9, "unexpected \"pyxform\""},
		{"1 +", 4, "ends where a value was expected"},
		{"${age > 3", 1, "not closed by }"},
		{"${age x} > 3", 1, "does not name a question"},
		{"${age", 1, "not closed"},
		{"'abc", 1, "not closed"},
		{"foo(1)", 1, "unknown function foo()"},
		{"selected(${a})", 1, "takes 2 arguments, not 1"},
		{"(1 + 2", 7, "expected )"},
		{"1 # 2", 3, "unexpected character"},
		{"${a}[1", 7, "expected ] to close the [ at character 5"},
		{"instance(${x})/root/item", 1, "takes the instance's name as quoted text"},
		{"/", 2, "a path must name a question after /"},
		{"../", 4, "unexpected \"\" in a path"},
		{"pulldata(${f}, 'a', 'b', 'c')", 1, "takes the file's name as quoted text first"},
		{"pulldata('f', 'a', 'b')", 1, "takes 4 arguments"},
		{"and 1", 1, "needs a value on each side"},
		{"1.2.3", 1, "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse(tt.src)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a SyntaxError", tt.src, err)
			}
			if se.Pos != tt.wantPos || !strings.Contains(se.Msg, tt.wantMsg) {
				t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.src, se.Msg, se.Pos, tt.wantMsg, tt.wantPos)
			}
		})
	}
}

func TestPullData(t *testing.T) {
	e, err := Parse("concat(pulldata('households', 'address', 'hh_id', ${hh}), pulldata('households.csv', 'rt', 'hh_id', ${hh}), pulldata('villages', 'name', 'code', '7'))")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.DataFiles(); len(got) != 3 || got[0] != "households" || got[2] != "villages" {
		t.Errorf("DataFiles() = %v", got)
	}
	env := fakeEnv{vals: map[string]Value{"hh": Str("12")}}
	if got := e.Eval(env).String(); got != "households/address/hh_id=12households.csv/rt/hh_id=12villages/name/code=7" {
		t.Errorf("Eval = %q", got)
	}
}

func TestRefs(t *testing.T) {
	e, err := Parse("${a} + ${b} * ${a} + jr:choice-name(${c}, '${d}') + cf")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Refs(), ","); got != "a,b,c,d" {
		t.Errorf("Refs = %s, want a,b,c,d", got)
	}
	if got := strings.Join(e.BareNames(), ","); got != "cf" {
		t.Errorf("BareNames = %s, want cf", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"${a} > 3 and selected(${b}, 'x')", ". >= today()", "regex(., '^[0-9]{16}$')",
		"if(${x} = '', 0, number(${x}) div 2)", "jr:choice-name(${c}, '${c}')",
		"/data/a/b | ../c", "sum(${ages}) mod 7", "format-date(now(), '%Y')",
		"instance('l')/root/item[name = current()/../x and position() > 1]/label",
		"count(/data/members[age > 17]) + ${m}[2]/age", "//item[last()]", "${last-saved#a}",
		"sum(instance('p')/root/item[crop = ${c}][1]/price)", "position(..) = count(../*)",
		"../../a + ../b[position() = last()]", "current()/../../a/b", "count(../../m[age > current()/../age])",
		"max(instance('l')/root/item[name = 'x' or label != ''][position() < 3]/name)",
		"/data/m[age > 17 and position() < last()][1]/age * ${m}[last()]/age",
		"instance('l')/root/item[name = instance('l')/root/item[label = 'X']/name]/label",
	} {
		f.Add(s)
	}
	env := fakeEnv{vals: map[string]Value{"a": Num(1), "ages": NodeSet([]Value{Num(1), Str("x")})}, current: Str("3"),
		root:      document("data/a/b=1", "data/m/age=3", "data/m/age=20"),
		instances: map[string]*Element{"l": document("root/item/name=x", "root/item/label=X")}}
	env.context = env.root.Kids[0].Kids[1].Kids[0]
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 {
				t.Fatalf("Parse(%q) error %v has no position", src, err)
			}
			return
		}
		_ = e.Eval(env).String()
	})
}

// A path that would visit billions of nodes stops at the evaluation's
// budget instead of running for hours.
func TestHostilePathsEnd(t *testing.T) {
	var lines []string
	for i := range 500 {
		lines = append(lines, "root/item/name="+strconv.Itoa(i))
	}
	env := fakeEnv{instances: map[string]*Element{"big": document(lines...)}}
	e, err := Parse("count(instance('big')//*[count(instance('big')//*[count(instance('big')//*) > 0]) > 0])")
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Eval(env).String()
}

func TestHostileExpressions(t *testing.T) {
	deep := strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	if _, err := Parse(deep); err == nil || !strings.Contains(err.Error(), "nests too deeply") {
		t.Errorf("deep nesting: %v", err)
	}
	long := strings.Repeat("1 + ", 50000) + "1"
	e, err := Parse(long)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Eval(fakeEnv{}).String(); got != "50001" {
		t.Errorf("long sum = %s", got)
	}
}

func TestPathsPredicatesAndInstances(t *testing.T) {
	root := document(
		"data/hh=7",
		"data/members/name=Ani", "data/members/age=40",
		"data/members/name=Budi", "data/members/age=12",
		"data/members/name=Citra", "data/members/age=19",
	)
	data := root.Kids[0]
	second := data.Kids[2] // members[2]
	env := fakeEnv{
		root:    root,
		context: second.Kids[1], // members[2]/age
		instances: map[string]*Element{
			"reference": document("root/item/name=Q001", "root/item/label=Trachoma follicles", "root/item/answer=2",
				"root/item/name=Q002", "root/item/label=Scarring", "root/item/answer=1"),
			"prices": document("root/item/crop=maize", "root/item/price=4000",
				"root/item/crop=rice", "root/item/price=12000",
				"root/item/crop=beans", "root/item/price=9000"),
		},
		vals:      map[string]Value{"q": Str("Q002"), "crop": Str("rice"), "members": NodesOf(data.Children("members"))},
		lastSaved: map[string]string{"village": "Oebufu"},
	}
	tests := []struct{ src, want string }{
		{"instance('reference')/root/item[name = 'Q001']/label", "Trachoma follicles"},
		{`instance('reference')/root/item[name="Q002"]/answer`, "1"},
		{"instance('reference')/root/item[name = ${q}]/label", "Scarring"},
		{"count(instance('reference')/root/item)", "2"},
		{"count(instance('prices')/root/item[price > 5000])", "2"},
		{"sum(instance('prices')/root/item/price)", "25000"},
		{"max(instance('prices')/root/item/price)", "12000"},
		{"min(instance('prices')/root/item[crop != 'maize']/price)", "9000"},
		{"instance('prices')/root/item[crop = current()/../../hh]/price", ""},
		{"instance('prices')/root/item[crop = ${crop}]/price", "12000"},
		{"instance('prices')/root/item[2]/crop", "rice"},
		{"instance('prices')/root/item[last()]/crop", "beans"},
		{"instance('prices')/root/item[position() > 1][1]/crop", "rice"},
		{"instance('missing')/root/item/name", ""},
		{"count(/data/members[age > 17])", "2"},
		{"/data/members[age < 18]/name", "Budi"},
		{"count(${members}[age > 17])", "2"},
		{"${members}[3]/name", "Citra"},
		{"join(' ', /data/members/name)", "Ani Budi Citra"},
		{"count(//age)", "3"},
		{"../name", "Budi"},
		{"current()/../name", "Budi"},
		{"../../hh", "7"},
		{"position(..)", "2"},
		{"/data/members[name = current()/../name]/age", "12"},
		{"count(/data/members[age > current()])", "2"},
		{"${last-saved#village}", "Oebufu"},
		{"concat(${last-saved#village}, '-', ${last-saved#missing})", "Oebufu-"},
	}
	evalEach(t, env, tests)
	e, _ := Parse("instance('prices')/root/item[crop = ${crop}]/price + ${last-saved#village} + /data/a/b")
	if got := e.Instances(); len(got) != 1 || got[0] != "prices" {
		t.Errorf("Instances() = %v", got)
	}
	if got := e.LastSaved(); len(got) != 1 || got[0] != "village" {
		t.Errorf("LastSaved() = %v", got)
	}
	if got := e.Paths(); len(got) != 1 || strings.Join(got[0].Steps, "/") != "data/a/b" {
		t.Errorf("Paths() = %v", got)
	}
	if got := e.BareNames(); len(got) != 0 {
		t.Errorf("names inside predicates taken for choice columns: %v", got)
	}
}

func TestWhatAConstraintAsksOfTheValue(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		src      string
		patterns []string
		lo, hi   float64
	}{
		{"regex(., '^[a-zA-Z]{3}[0-9]{2}$')", []string{"^[a-zA-Z]{3}[0-9]{2}$"}, -inf, inf},
		{"regex(${phone}, '^08[0-9]{8,11}$') and string-length(.) > 3", []string{"^08[0-9]{8,11}$"}, -inf, inf},
		{"${muac_mm} >= 60 and ${muac_mm} <= 300", nil, 60, 300},
		{". >= 1 and . <= 999", nil, 1, 999},
		{"17 <= . and (. < 121)", nil, 17, 121},
		{". > 0 or . = -1", nil, 0, inf},
		{"(. >= 30 and . <= 155) or . = 0", nil, 30, 155},
		{"${muac_mm} >= 0 and (. < 10 or . = 99)", nil, 0, 10},
		{"${other} > 5", nil, -inf, inf},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			self := "muac_mm"
			if strings.Contains(tt.src, "phone") {
				self = "phone"
			}
			if got := e.Patterns(self); !slices.Equal(got, tt.patterns) {
				t.Errorf("Patterns = %q, want %q", got, tt.patterns)
			}
			if b := e.Bounds(self); b.Lo != tt.lo || b.Hi != tt.hi {
				t.Errorf("Bounds = %v..%v, want %v..%v", b.Lo, b.Hi, tt.lo, tt.hi)
			}
			if b := e.LengthBounds(self); strings.Contains(tt.src, "string-length") != (b.Lo > 0) {
				t.Errorf("LengthBounds = %v..%v", b.Lo, b.Hi)
			}
		})
	}
}

func TestMoreODKFunctions(t *testing.T) {
	env := fakeEnv{
		vals: map[string]Value{"answers": NodeSet([]Value{Str("a"), Str(""), Str("c")}), "flags": NodeSet([]Value{Boolean(true), Boolean(false), Boolean(true)})},
		instances: map[string]*Element{
			"letters": document("root/item/name=A", "root/item/name=B", "root/item/name=C", "root/item/name=D", "root/item/name=E", "root/item/name=F"),
			"digits": document("root/item/n=0", "root/item/n=1", "root/item/n=2", "root/item/n=3", "root/item/n=4",
				"root/item/n=5", "root/item/n=6", "root/item/n=7", "root/item/n=8", "root/item/n=9"),
		},
	}
	tests := []struct{ src, want string }{
		{"random()", "0.25"},
		{"once(int(10 * random()) + 1)", "15"}, // fakeEnv's . is 15: once keeps it
		// JavaRosa's examples (FisherYatesExamplesTest): the same seed,
		// the same order as ODK Collect.
		{"join('', randomize(instance('letters')/root/item/name, 42))", "AFCBDE"},
		{"join('', randomize(instance('letters')/root/item/name, -42))", "EDAFBC"},
		{"join('', randomize(instance('letters')/root/item/name, 1))", "BFEACD"},
		{"join('', randomize(instance('letters')/root/item/name, '11111111'))", "ACDBFE"},
		{"join('', randomize(instance('digits')/root/item/n, 33))", "3548201697"},
		{"count(randomize(instance('letters')/root/item))", "6"},
		{"count-non-empty(${answers})", "2"},
		{"is-selected('a b', 'b')", "true"},
		{"checklist(2, 2, ${flags})", "true"},
		{"checklist(-1, 1, true(), true())", "false"},
		{"weighted-checklist(3, -1, true(), 2, false(), 5, true(), 1)", "true"},
		{"decimal-time('18:00:00.000+07:00')", "0.75"},
		{"round(sin(pi() div 2), 3)", "1"},
		{"log10(1000)", "3"},
		{"exp10(2)", "100"},
		{"digest('abc', 'SHA-256', 'hex')", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"digest('abc', 'MD5')", "kAFQmDzST7DWlj99KOF/cg=="},
		{"base64-decode('U2lhcA==')", "Siap"},
	}
	env.current = Num(15)
	evalEach(t, env, tests)
}

// evalEach evaluates each expression in env and compares its string.
func evalEach(t *testing.T, env Env, tests []struct{ src, want string }) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if got := e.Eval(env).String(); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}
