package expr

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

type function struct {
	min, max int // max < 0: any number
	impl     func(env Env, args []node) Value
}

func (f function) arityError(pos int, name string, given int) *SyntaxError {
	switch {
	case f.max < 0:
		return syntaxError(pos, "%s() takes at least %d arguments, not %d", name, f.min, given)
	case f.min == f.max && f.min == 1:
		return syntaxError(pos, "%s() takes 1 argument, not %d", name, given)
	case f.min == f.max:
		return syntaxError(pos, "%s() takes %d arguments, not %d", name, f.min, given)
	}
	return syntaxError(pos, "%s() takes %d to %d arguments, not %d", name, f.min, f.max, given)
}

// Functions lists the names of the functions expressions may call.
func Functions() []string {
	names := make([]string, 0, len(functions))
	for n := range functions {
		names = append(names, n)
	}
	return names
}

var functions map[string]function

func init() {
	functions = map[string]function{
		// Selections.
		"selected": {2, 2, func(env Env, a []node) Value {
			return Boolean(hasWord(str(env, a[0]), strings.TrimSpace(str(env, a[1]))))
		}},
		"count-selected": {1, 1, func(env Env, a []node) Value {
			return Num(float64(len(strings.Fields(str(env, a[0])))))
		}},
		"selected-at": {2, 2, func(env Env, a []node) Value {
			words := strings.Fields(str(env, a[0]))
			i := int(num(env, a[1]))
			if i < 0 || i >= len(words) {
				return Str("")
			}
			return Str(words[i])
		}},
		"jr:choice-name": {2, 2, func(env Env, a []node) Value {
			q := refInString(str(env, a[1]))
			return Str(env.ChoiceLabel(q, str(env, a[0])))
		}},
		// Logic.
		"not":   {1, 1, func(env Env, a []node) Value { return Boolean(!a[0].eval(env).Bool()) }},
		"true":  {0, 0, func(Env, []node) Value { return Boolean(true) }},
		"false": {0, 0, func(Env, []node) Value { return Boolean(false) }},
		"if": {3, 3, func(env Env, a []node) Value {
			if a[0].eval(env).Bool() {
				return a[1].eval(env)
			}
			return a[2].eval(env)
		}},
		"coalesce": {2, 2, func(env Env, a []node) Value {
			if v := a[0].eval(env); v.String() != "" {
				return v
			}
			return a[1].eval(env)
		}},
		"boolean":             {1, 1, func(env Env, a []node) Value { return Boolean(a[0].eval(env).Bool()) }},
		"boolean-from-string": {1, 1, func(env Env, a []node) Value { s := str(env, a[0]); return Boolean(s == "true" || s == "1") }},
		"once": {1, 1, func(env Env, a []node) Value {
			if cur := env.Current(); cur.String() != "" {
				return cur
			}
			return a[0].eval(env)
		}},
		// Text.
		"concat": {0, -1, func(env Env, a []node) Value {
			var b strings.Builder
			for _, x := range a {
				for _, v := range x.eval(env).Nodes() {
					b.WriteString(v.String())
				}
			}
			return Str(b.String())
		}},
		"join": {2, -1, func(env Env, a []node) Value {
			sep := str(env, a[0])
			var parts []string
			for _, x := range a[1:] {
				for _, v := range x.eval(env).Nodes() {
					parts = append(parts, v.String())
				}
			}
			return Str(strings.Join(parts, sep))
		}},
		"string":        {1, 1, func(env Env, a []node) Value { return Str(str(env, a[0])) }},
		"string-length": {1, 1, func(env Env, a []node) Value { return Num(float64(utf8.RuneCountInString(str(env, a[0])))) }},
		"substr":        {2, 3, substr},
		"substring":     {2, 3, substring},
		"contains":      {2, 2, func(env Env, a []node) Value { return Boolean(strings.Contains(str(env, a[0]), str(env, a[1]))) }},
		"starts-with":   {2, 2, func(env Env, a []node) Value { return Boolean(strings.HasPrefix(str(env, a[0]), str(env, a[1]))) }},
		"ends-with":     {2, 2, func(env Env, a []node) Value { return Boolean(strings.HasSuffix(str(env, a[0]), str(env, a[1]))) }},
		"substring-before": {2, 2, func(env Env, a []node) Value {
			before, _, found := strings.Cut(str(env, a[0]), str(env, a[1]))
			if !found {
				return Str("")
			}
			return Str(before)
		}},
		"substring-after": {2, 2, func(env Env, a []node) Value {
			_, after, _ := strings.Cut(str(env, a[0]), str(env, a[1]))
			return Str(after)
		}},
		"normalize-space": {1, 1, func(env Env, a []node) Value { return Str(strings.Join(strings.Fields(str(env, a[0])), " ")) }},
		"translate": {3, 3, func(env Env, a []node) Value {
			from, to := []rune(str(env, a[1])), []rune(str(env, a[2]))
			return Str(strings.Map(func(r rune) rune {
				for i, f := range from {
					if f == r {
						if i < len(to) {
							return to[i]
						}
						return -1
					}
				}
				return r
			}, str(env, a[0])))
		}},
		"regex": {2, 2, func(env Env, a []node) Value {
			re := compileRegex(str(env, a[1]))
			return Boolean(re != nil && re.MatchString(str(env, a[0])))
		}},
		// Numbers.
		"number": {1, 1, func(env Env, a []node) Value { return Num(num(env, a[0])) }},
		"int":    {1, 1, func(env Env, a []node) Value { return Num(math.Trunc(num(env, a[0]))) }},
		"round": {1, 2, func(env Env, a []node) Value {
			x := num(env, a[0])
			places := 0.0
			if len(a) == 2 {
				places = math.Trunc(num(env, a[1]))
			}
			p := math.Pow(10, places)
			// Halves round up, as XPath's round() does.
			return Num(math.Floor(x*p+0.5) / p)
		}},
		"floor":   {1, 1, func(env Env, a []node) Value { return Num(math.Floor(num(env, a[0]))) }},
		"ceiling": {1, 1, func(env Env, a []node) Value { return Num(math.Ceil(num(env, a[0]))) }},
		"abs":     {1, 1, func(env Env, a []node) Value { return Num(math.Abs(num(env, a[0]))) }},
		"pow":     {2, 2, func(env Env, a []node) Value { return Num(math.Pow(num(env, a[0]), num(env, a[1]))) }},
		"sqrt":    {1, 1, func(env Env, a []node) Value { return Num(math.Sqrt(num(env, a[0]))) }},
		"count":   {1, 1, func(env Env, a []node) Value { return Num(float64(len(a[0].eval(env).Nodes()))) }},
		"sum": {1, 1, func(env Env, a []node) Value {
			total := 0.0
			for _, v := range a[0].eval(env).Nodes() {
				total += v.Number()
			}
			return Num(total)
		}},
		"min": {1, -1, func(env Env, a []node) Value { return extreme(env, a, func(x, y float64) bool { return x < y }) }},
		"max": {1, -1, func(env Env, a []node) Value { return extreme(env, a, func(x, y float64) bool { return x > y }) }},
		// Repeats.
		// position() is the instance number of the repeat the expression
		// is in (or, in a predicate, of the node tested); position(..)
		// that of the node given, as JavaRosa reads it.
		"position": {0, 1, func(env Env, a []node) Value {
			if len(a) == 0 {
				return Num(float64(env.Position()))
			}
			v := a[0].eval(env)
			if !v.isXN || len(v.xn) == 0 {
				return Num(float64(env.Position()))
			}
			return Num(positionOf(v.xn[0]))
		}},
		"last": {0, 0, func(env Env, _ []node) Value {
			if pe, ok := env.(predEnv); ok {
				return Num(float64(pe.size))
			}
			return Num(1)
		}},
		"current": {0, 0, func(env Env, _ []node) Value {
			// The node the whole expression belongs to, even inside a
			// predicate.
			for {
				pe, ok := env.(predEnv)
				if !ok {
					break
				}
				env = pe.Env
			}
			if c := env.ContextNode(); c != nil {
				return NodesOf([]Node{c})
			}
			return env.Current()
		}},
		"indexed-repeat": {3, 3, func(env Env, a []node) Value {
			q, okQ := a[0].(ref)
			r, okR := a[1].(ref)
			if !okQ || !okR {
				return Str("")
			}
			return env.IndexedRepeat(q.name, r.name, int(num(env, a[2])))
		}},
		// Dates.
		"today": {0, 0, func(env Env, _ []node) Value { return DateOf(env.Now()) }},
		"now":   {0, 0, func(env Env, _ []node) Value { return DateTimeOf(env.Now()) }},
		"date":  {1, 1, toDate},
		"date-time": {1, 1, func(env Env, a []node) Value {
			v := a[0].eval(env)
			if d, ok := ParseDate(v.String()); ok {
				return Value{kind: DateTime, n: d.n}
			}
			return Value{kind: DateTime, n: v.Number()}
		}},
		"decimal-date-time": {1, 1, func(env Env, a []node) Value { return Num(dateOrNumber(a[0].eval(env))) }},
		"format-date":       {2, 2, formatDate},
		"format-date-time":  {2, 2, formatDate},
		// Data from a CSV beside the form (a sample list, say).
		"pulldata": {4, 4, func(env Env, a []node) Value {
			return Str(env.PullData(str(env, a[0]), str(env, a[1]), str(env, a[2]), str(env, a[3])))
		}},
		// Unused by terminal interviews, kept so that forms calling it load.
		"uuid": {0, 1, func(Env, []node) Value { return Str(newUUID()) }},
		// A secondary instance: a choice list, or a CSV or XML file beside
		// the form.
		"instance": {1, 1, func(env Env, a []node) Value {
			if n := env.Instance(str(env, a[0])); n != nil {
				return NodesOf([]Node{n})
			}
			return NodesOf(nil)
		}},
	}
}

func str(env Env, n node) string  { return n.eval(env).String() }
func num(env Env, n node) float64 { return n.eval(env).Number() }

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if w == word {
			return true
		}
	}
	return false
}

func extreme(env Env, a []node, better func(x, y float64) bool) Value {
	best := math.NaN()
	for _, x := range a {
		for _, v := range x.eval(env).Nodes() {
			n := v.Number()
			if math.IsNaN(n) {
				return Num(math.NaN())
			}
			if math.IsNaN(best) || better(n, best) {
				best = n
			}
		}
	}
	return Num(best)
}

// substr is ODK's 0-based substr(s, start, end).
func substr(env Env, a []node) Value {
	r := []rune(str(env, a[0]))
	start := clamp(int(num(env, a[1])), 0, len(r))
	end := len(r)
	if len(a) == 3 {
		end = clamp(int(num(env, a[2])), start, len(r))
	}
	return Str(string(r[start:end]))
}

// substring is XPath's 1-based substring(s, start, length).
func substring(env Env, a []node) Value {
	r := []rune(str(env, a[0]))
	start := math.Round(num(env, a[1]))
	end := math.Inf(1)
	if len(a) == 3 {
		end = start + math.Round(num(env, a[2]))
	}
	if math.IsNaN(start) || math.IsNaN(end) {
		return Str("")
	}
	var b strings.Builder
	for i, c := range r {
		p := float64(i + 1)
		if p >= start && p < end {
			b.WriteRune(c)
		}
	}
	return Str(b.String())
}

func clamp(x, lo, hi int) int { return max(lo, min(x, hi)) }

var regexCache sync.Map // pattern -> *regexp.Regexp (nil when invalid)

func compileRegex(pattern string) *regexp.Regexp {
	if re, ok := regexCache.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		re = nil
	}
	regexCache.Store(pattern, re)
	return re
}

func dateOrNumber(v Value) float64 {
	if v.kind == String {
		if d, ok := ParseDate(v.s); ok {
			return d.n
		}
	}
	return v.Number()
}

func toDate(env Env, a []node) Value {
	v := a[0].eval(env)
	switch v.kind {
	case Date:
		return v
	case DateTime:
		return Value{kind: Date, n: math.Floor(v.n)}
	}
	if d, ok := ParseDate(v.String()); ok {
		return Value{kind: Date, n: math.Floor(d.n)}
	}
	n := v.Number()
	if math.IsNaN(n) {
		return Str("")
	}
	return Value{kind: Date, n: math.Floor(n)}
}

// formatDate implements ODK's format-date with its %Y %y %m %n %b %d %e
// %a %H %h %M %S %3 directives.
func formatDate(env Env, a []node) Value {
	v := a[0].eval(env)
	days := dateOrNumber(v)
	if math.IsNaN(days) {
		return Str("")
	}
	t := time.UnixMilli(int64(math.Round(days * 86400000))).UTC()
	if v.kind == DateTime && v.s != "" {
		if parsed, err := time.Parse("2006-01-02T15:04:05.000-07:00", v.s); err == nil {
			t = parsed
		}
	}
	layout := str(env, a[1])
	var b strings.Builder
	for i := 0; i < len(layout); i++ {
		if layout[i] != '%' || i+1 == len(layout) {
			b.WriteByte(layout[i])
			continue
		}
		i++
		switch layout[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'n':
			fmt.Fprintf(&b, "%d", int(t.Month()))
		case 'b':
			b.WriteString(t.Month().String()[:3])
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%d", t.Day())
		case 'a':
			b.WriteString(t.Weekday().String()[:3])
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'h':
			fmt.Fprintf(&b, "%d", t.Hour())
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case '3':
			fmt.Fprintf(&b, "%03d", t.Nanosecond()/1e6)
		default:
			b.WriteByte('%')
			b.WriteByte(layout[i])
		}
	}
	return Str(b.String())
}
