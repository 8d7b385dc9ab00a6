package interview

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// env evaluates expressions in the context of one item: references reach
// the same repeat instance, "." is the item's value (or a candidate
// answer being validated), and bare names are the columns of a choice.
type env struct {
	s       *State
	it      *Item // nil: the top level
	current *expr.Value
	choice  *questionnaires.Choice
}

func (s *State) env(it *Item, current *expr.Value) *env {
	return &env{s: s, it: it, current: current}
}

func (s *State) eval(e *expr.Expr, it *Item, current *expr.Value) expr.Value {
	return e.Eval(s.env(it, current))
}

func (s *State) evalBool(e *expr.Expr, it *Item, dflt bool) bool {
	if e == nil {
		return dflt
	}
	return s.eval(e, it, nil).Bool()
}

func (e *env) chain() ([]*questionnaires.Node, []int) {
	if e.it == nil {
		return nil, nil
	}
	return e.it.chain, e.it.Instance
}

// Ref resolves ${name}: the repeats the target shares with the context
// take the context's instance; any other repeat spans all its instances.
func (e *env) Ref(name string) expr.Value {
	n := e.s.form.Node(name)
	if n == nil {
		return expr.Str("")
	}
	if e.it != nil && e.it.Node.Base() == n && e.current != nil && !e.it.Prompt {
		return *e.current
	}
	target := repeatChain(n)
	ctxChain, ctxInst := e.chain()
	k := 0
	for k < len(target) && k < len(ctxChain) && target[k] == ctxChain[k] && k < len(ctxInst) {
		k++
	}
	if n.Kind == questionnaires.Repeat && k == len(target) {
		// A repeat named from inside one of its instances stands for all
		// of its instances, as in count(${members}).
		k--
	}
	prefix := pathPrefix(ctxChain[:k], ctxInst[:k])
	var out []expr.Node
	e.collect(n, target[k:], prefix, &out)
	if len(target) == k && n.Kind != questionnaires.Repeat && len(out) == 1 {
		return out[0].Value()
	}
	return expr.NodesOf(out)
}

// collect gathers the nodes of n under prefix, expanding the repeats in
// rest over all their instances.
func (e *env) collect(n *questionnaires.Node, rest []*questionnaires.Node, prefix string, out *[]expr.Node) {
	ctx := e.ctxPath()
	if len(rest) == 0 {
		*out = append(*out, xnode{s: e.s, n: n, path: prefix + n.Key, outer: prefix, ctx: ctx})
		return
	}
	r := rest[0]
	rp := prefix + r.Key
	e.s.readCount(rp)
	count := e.s.counts[rp]
	for i := 1; i <= count; i++ {
		ip := rp + "[" + strconv.Itoa(i) + "]"
		if len(rest) == 1 && r == n {
			*out = append(*out, xnode{s: e.s, n: n, path: ip, outer: prefix, ctx: ctx})
			continue
		}
		e.collect(n, rest[1:], ip+"/", out)
	}
}

// repeatChain lists the repeats holding n, outermost first, n itself last
// when it is a repeat.
func repeatChain(n *questionnaires.Node) []*questionnaires.Node {
	var chain []*questionnaires.Node
	for p := n; p != nil; p = p.Parent {
		if p.Kind == questionnaires.Repeat {
			chain = append(chain, p)
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}

func pathPrefix(chain []*questionnaires.Node, inst []int) string {
	var b strings.Builder
	for i, r := range chain {
		b.WriteString(r.Key)
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(inst[i]))
		b.WriteString("]/")
	}
	return b.String()
}

// Typed gives a stored answer the type its question has, so that numbers
// compare as numbers and dates as dates; an empty answer stays "".
func Typed(n *questionnaires.Node, v string) expr.Value {
	if v == "" {
		return expr.Str("")
	}
	switch st := n.Type.Storage(); {
	case st.Numeric():
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return expr.Num(f)
		}
	case st == questionnaires.StoredDate:
		if d, ok := expr.ParseDate(v); ok {
			return d
		}
	}
	return expr.Str(v)
}

func (e *env) Current() expr.Value {
	if e.current != nil {
		return *e.current
	}
	if e.it == nil {
		return expr.Str("")
	}
	e.s.read(e.it.Path)
	return Typed(e.it.Node, e.s.vals[e.it.Path])
}

func (e *env) Bare(name string) expr.Value {
	if e.choice == nil {
		return expr.Str("")
	}
	switch k := strings.ToLower(name); k {
	case "name":
		return expr.Str(e.choice.Name)
	case "label":
		return expr.Str(e.choice.Label.In(e.s.lang, e.s.form.DefaultLanguage))
	default:
		return expr.Str(e.choice.Extra[k])
	}
}

func (e *env) Position() int {
	if e.it == nil || len(e.it.Instance) == 0 {
		return 0
	}
	return e.it.Instance[len(e.it.Instance)-1]
}

func (e *env) IndexedRepeat(name, repeat string, idx int) expr.Value {
	n, r := e.s.form.Node(name), e.s.form.Node(repeat)
	if n == nil || r == nil || r.Kind != questionnaires.Repeat || idx < 1 {
		return expr.Str("")
	}
	// The repeats around r take the context's instances.
	outer := repeatChain(r)
	outer = outer[:len(outer)-1]
	ctxChain, ctxInst := e.chain()
	k := 0
	for k < len(outer) && k < len(ctxChain) && outer[k] == ctxChain[k] {
		k++
	}
	if k < len(outer) {
		return expr.Str("")
	}
	p := pathPrefix(ctxChain[:k], ctxInst[:k]) + r.Key + "[" + strconv.Itoa(idx) + "]/"
	// Repeats between r and n (rare) take instance 1.
	chain := repeatChain(n)
	for i, c := range chain {
		if c == r {
			for _, inner := range chain[i+1:] {
				p += inner.Key + "[1]/"
			}
			break
		}
	}
	e.s.read(p + n.Key)
	return Typed(n, e.s.vals[p+n.Key])
}

func (e *env) ChoiceLabel(name, value string) string {
	n := e.s.form.Node(name)
	if n == nil || n.List == nil {
		return ""
	}
	var labels []string
	for _, code := range strings.Fields(value) {
		if c := n.List.Choice(code); c != nil {
			labels = append(labels, c.Label.In(e.s.lang, e.s.form.DefaultLanguage))
		}
	}
	return strings.Join(labels, ", ")
}

func (e *env) Now() time.Time { return e.s.now() }

func (e *env) PullData(file, column, keyColumn, key string) string {
	return e.s.form.PullData(file, column, keyColumn, key)
}

func (e *env) ctxPath() string {
	if e.it == nil {
		return ""
	}
	return e.it.Path
}

func (e *env) Root() expr.Node { return xnode{s: e.s, ctx: e.ctxPath()} }

func (e *env) ContextNode() expr.Node {
	x := e.s.nodeOf(e.it, e.ctxPath())
	if e.current != nil && e.it != nil && !e.it.Prompt {
		x.cur = e.current
	}
	return x
}

func (e *env) Pin(step []expr.Node) []expr.Node { return xnode{ctx: e.ctxPath()}.pin(step) }

func (e *env) Instance(id string) expr.Node { return e.s.form.Instance(id, e.s.lang) }

// LastSaved is the answer to name in the last interview of the form
// finalized on this device, which the caller gives in Meta.
func (e *env) LastSaved(name string) expr.Value {
	n := e.s.form.Node(name)
	if n == nil {
		return expr.Str("")
	}
	return Typed(n, e.s.meta.LastSaved[n.Key])
}

func (e *env) Random() float64 {
	if e.s.meta.Random != nil {
		return e.s.meta.Random()
	}
	return rand.Float64()
}
