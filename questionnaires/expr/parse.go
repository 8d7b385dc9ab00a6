package expr

import (
	"math"
	"strconv"
	"strings"
)

// Expr is a parsed XLSForm expression: parse once when the form loads,
// evaluate many times.
type Expr struct {
	src       string
	root      node
	refs      []string
	bare      []string
	calls     []string
	files     []string
	instances []string
	lastSaved []string
	paths     []Path
	relative  []Path // paths from the context node: ../x, ../../g/x
}

// Path is an absolute path written in an expression (/data/group/q).
type Path struct {
	Pos   int // character where it starts
	Steps []string
}

// Parse reads an XLSForm expression (XPath 1.0 as ODK uses it, with
// ${name} references). Errors are *SyntaxError with the position of the
// fault.
func Parse(src string) (*Expr, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	if len(toks) == 1 {
		return nil, syntaxError(1, "the expression is empty")
	}
	p := &parser{toks: toks, e: &Expr{src: src}}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, syntaxError(t.pos, "unexpected %q after a complete expression", t.text)
	}
	p.e.root = root
	return p.e, nil
}

// String returns the expression as written.
func (e *Expr) String() string { return e.src }

// Refs lists the ${name} references, each once, in order of appearance.
func (e *Expr) Refs() []string { return e.refs }

// BareNames lists names used without ${...}: in a choice_filter these are
// the choice sheet's columns.
func (e *Expr) BareNames() []string { return e.bare }

// Calls lists the functions called, each once.
func (e *Expr) Calls() []string { return e.calls }

// Instances lists the secondary instances instance('...') names, each
// once.
func (e *Expr) Instances() []string { return e.instances }

// LastSaved lists the questions ${last-saved#name} names, each once.
func (e *Expr) LastSaved() []string { return e.lastSaved }

// Paths lists the absolute paths written, such as /data/group/q.
func (e *Expr) Paths() []Path { return e.paths }

// RelativePaths lists the paths written from the context node, such as
// ../size: what they reach depends on where the expression is evaluated.
func (e *Expr) RelativePaths() []Path { return e.relative }

// DataFiles lists the files pulldata() reads, as named (without .csv),
// each once.
func (e *Expr) DataFiles() []string { return e.files }

// Eval evaluates the expression. A runtime problem (a regex that does not
// compile, say) gives the value XPath gives for it, never a panic.
func (e *Expr) Eval(env Env) Value { return e.root.eval(env) }

func addOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

type parser struct {
	toks  []token
	i     int
	e     *Expr
	depth int
	// predDepth counts the predicates the parser is inside, where a name
	// alone is a child of the node tested.
	predDepth int
}

// maxDepth bounds nesting, so that a hostile expression cannot exhaust
// the stack; real forms nest a few levels.
const maxDepth = 100

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tName && t.text == w
}

func (p *parser) isSym(syms ...string) bool {
	t := p.peek()
	if t.kind != tSym {
		return false
	}
	for _, s := range syms {
		if t.text == s {
			return true
		}
	}
	return false
}

// binaryLevel parses one left-associative precedence level.
func (p *parser) binaryLevel(sub func() (node, error), match func() bool) (node, error) {
	left, err := sub()
	if err != nil {
		return nil, err
	}
	for match() {
		op := p.next()
		right, err := sub()
		if err != nil {
			return nil, err
		}
		left = &binary{op: op.text, l: left, r: right}
	}
	return left, nil
}

func (p *parser) parseOr() (node, error) {
	return p.binaryLevel(p.parseAnd, func() bool { return p.isWord("or") })
}

func (p *parser) parseAnd() (node, error) {
	return p.binaryLevel(p.parseEq, func() bool { return p.isWord("and") })
}

func (p *parser) parseEq() (node, error) {
	return p.binaryLevel(p.parseRel, func() bool { return p.isSym("=", "!=") })
}

func (p *parser) parseRel() (node, error) {
	return p.binaryLevel(p.parseAdd, func() bool { return p.isSym("<", "<=", ">", ">=") })
}

func (p *parser) parseAdd() (node, error) {
	return p.binaryLevel(p.parseMul, func() bool { return p.isSym("+", "-") })
}

func (p *parser) parseMul() (node, error) {
	return p.binaryLevel(p.parseUnary, func() bool { return p.isSym("*") || p.isWord("div") || p.isWord("mod") })
}

func (p *parser) parseUnary() (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, syntaxError(p.peek().pos, "the expression nests too deeply")
	}
	if p.isSym("-") {
		p.next()
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &negate{x}, nil
	}
	return p.parseUnion()
}

func (p *parser) parseUnion() (node, error) {
	left, err := p.parsePathExpr()
	if err != nil {
		return nil, err
	}
	for p.isSym("|") {
		p.next()
		right, err := p.parsePathExpr()
		if err != nil {
			return nil, err
		}
		left = &union{left, right}
	}
	return left, nil
}

// parsePathExpr reads a location path (/data/a, ../x, name[...]) or a
// value, which may go on as a path: ${members}[age > 17]/name,
// instance('list')/root/item[...]/label, current()/../sn.
func (p *parser) parsePathExpr() (node, error) {
	t := p.peek()
	if t.kind == tSym && (t.text == "/" || t.text == "//" || t.text == "." || t.text == "..") ||
		t.kind == tName && !p.isCallAhead() && !isOperatorWord(t.text) {
		return p.parseLocationPath()
	}
	start, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	switch start.(type) {
	case ref, *call, *pathExpr, *union:
	default:
		return start, nil
	}
	if !p.isSym("[", "/", "//") {
		return start, nil
	}
	path := &pathExpr{start: start}
	if path.preds, err = p.predicates(); err != nil {
		return nil, err
	}
	if p.isSym("/", "//") {
		if path.steps, err = p.steps(); err != nil {
			return nil, err
		}
	}
	return path, nil
}

func (p *parser) isCallAhead() bool {
	n := p.toks[p.i+1]
	return n.kind == tSym && n.text == "("
}

func (p *parser) parsePrimary() (node, error) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.next()
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, syntaxError(t.pos, "%q is not a number", t.text)
		}
		return literal{Num(f)}, nil
	case tString:
		p.next()
		return literal{Str(t.text)}, nil
	case tRef:
		p.next()
		p.e.refs = addOnce(p.e.refs, t.text)
		return ref{t.text}, nil
	case tLastSaved:
		p.next()
		p.e.lastSaved = addOnce(p.e.lastSaved, t.text)
		return lastSaved{t.text}, nil
	case tName:
		if p.isCallAhead() {
			return p.parseCall()
		}
		if isOperatorWord(t.text) {
			return nil, syntaxError(t.pos, "%q needs a value on each side", t.text)
		}
	case tSym:
		switch t.text {
		case "(":
			p.next()
			x, err := p.parseOr()
			if err != nil {
				return nil, err
			}
			if !p.isSym(")") {
				return nil, syntaxError(p.peek().pos, "expected ) to close the ( at character %d", t.pos)
			}
			p.next()
			return x, nil
		}
	case tEOF:
		return nil, syntaxError(t.pos, "the expression ends where a value was expected")
	}
	return nil, syntaxError(t.pos, "unexpected %q where a value was expected", t.text)
}

func isOperatorWord(s string) bool { return s == "and" || s == "or" || s == "div" || s == "mod" }

// parseLocationPath reads a path that starts at the document (/data/a/b)
// or at the context node (../x, name, .). Outside a predicate a name
// alone is a column of the choice a choice_filter tests.
func (p *parser) parseLocationPath() (node, error) {
	start := p.peek()
	path := &pathExpr{abs: p.isSym("/", "//")}
	if p.isSym("/") {
		if t := p.toks[p.i+1]; !(t.kind == tName || t.kind == tSym && (t.text == "*" || t.text == "." || t.text == "..")) {
			return nil, syntaxError(t.pos, "a path must name a question after /")
		}
	}
	steps, err := p.steps()
	if err != nil {
		return nil, err
	}
	path.steps = steps
	only := steps[0]
	if len(steps) == 1 && !path.abs && len(only.preds) == 0 && !only.descendant {
		switch {
		case only.name == ".":
			return current{}, nil
		case p.predDepth == 0 && only.name != ".." && only.name != "*":
			p.e.bare = addOnce(p.e.bare, only.name)
			return bareName{only.name}, nil
		}
	}
	var names []string
	for _, st := range steps {
		names = append(names, st.name)
	}
	switch {
	case path.abs:
		p.e.paths = append(p.e.paths, Path{Pos: start.pos, Steps: names})
	case p.predDepth == 0:
		p.e.relative = append(p.e.relative, Path{Pos: start.pos, Steps: names})
	}
	return path, nil
}

// steps reads the steps of a path, each after a "/" or "//" (the first
// may come without).
func (p *parser) steps() ([]step, error) {
	var out []step
	for first := true; ; first = false {
		descendant := false
		switch {
		case p.isSym("/"):
			p.next()
		case p.isSym("//"):
			p.next()
			descendant = true
		case !first:
			return out, nil
		}
		t := p.peek()
		var st step
		switch {
		case t.kind == tName && !p.isCallAhead():
			st.name = t.text
		case t.kind == tSym && (t.text == "." || t.text == ".." || t.text == "*"):
			st.name = t.text
		default:
			return nil, syntaxError(t.pos, "unexpected %q in a path", t.text)
		}
		p.next()
		st.descendant = descendant
		var err error
		if st.preds, err = p.predicates(); err != nil {
			return nil, err
		}
		out = append(out, st)
		if len(out) > maxDepth {
			return nil, syntaxError(t.pos, "the path has too many steps")
		}
	}
}

// predicates reads the [...] after a step or a value.
func (p *parser) predicates() ([]node, error) {
	var out []node
	for p.isSym("[") {
		open := p.next()
		p.predDepth++
		x, err := p.parseOr()
		p.predDepth--
		if err != nil {
			return nil, err
		}
		if !p.isSym("]") {
			return nil, syntaxError(p.peek().pos, "expected ] to close the [ at character %d", open.pos)
		}
		p.next()
		out = append(out, x)
	}
	return out, nil
}

func (p *parser) parseCall() (node, error) {
	nameTok := p.next()
	p.next() // (
	fn, ok := functions[nameTok.text]
	if !ok {
		return nil, syntaxError(nameTok.pos, "unknown function %s()", nameTok.text)
	}
	var args []node
	if !p.isSym(")") {
		for {
			a, err := p.parseOr()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.isSym(",") {
				p.next()
				continue
			}
			break
		}
	}
	if !p.isSym(")") {
		return nil, syntaxError(p.peek().pos, "expected , or ) in the call of %s()", nameTok.text)
	}
	p.next()
	if len(args) < fn.min || fn.max >= 0 && len(args) > fn.max {
		return nil, fn.arityError(nameTok.pos, nameTok.text, len(args))
	}
	p.e.calls = addOnce(p.e.calls, nameTok.text)
	switch nameTok.text {
	case "pulldata":
		// pulldata('households', ...) reads a CSV beside the form, which
		// must be known when the form loads.
		lit, ok := args[0].(literal)
		if !ok || lit.v.kind != String || strings.TrimSpace(lit.v.s) == "" {
			return nil, syntaxError(nameTok.pos, "pulldata() takes the file's name as quoted text first, such as pulldata('households', 'address', 'hh_id', ${hh_id})")
		}
		p.e.files = addOnce(p.e.files, strings.TrimSpace(lit.v.s))
	case "instance":
		// The instance must be known when the form loads: a choice list
		// or a file beside the form.
		lit, ok := args[0].(literal)
		if !ok || lit.v.kind != String || strings.TrimSpace(lit.v.s) == "" {
			return nil, syntaxError(nameTok.pos, "instance() takes the instance's name as quoted text, such as instance('villages')")
		}
		p.e.instances = addOnce(p.e.instances, strings.TrimSpace(lit.v.s))
	case "jr:choice-name":
		// jr:choice-name names its question in a string, '${q}'.
		if lit, ok := args[1].(literal); ok {
			if q := refInString(lit.v.s); q != "" {
				p.e.refs = addOnce(p.e.refs, q)
			}
		}
	}
	return &call{name: nameTok.text, fn: fn, args: args}, nil
}

// refInString finds the question named in a string such as '${q}' or
// '/data/q'.
func refInString(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") {
		return strings.TrimSpace(s[2 : len(s)-1])
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 && isName(s[i+1:]) {
		return s[i+1:]
	}
	return ""
}

type node interface{ eval(Env) Value }

type literal struct{ v Value }

func (l literal) eval(Env) Value { return l.v }

type ref struct{ name string }

func (r ref) eval(env Env) Value { return env.Ref(r.name) }

type current struct{}

func (current) eval(env Env) Value { return env.Current() }

type lastSaved struct{ name string }

func (l lastSaved) eval(env Env) Value { return env.LastSaved(l.name) }

type bareName struct{ name string }

func (b bareName) eval(env Env) Value { return env.Bare(b.name) }

type negate struct{ x node }

func (n *negate) eval(env Env) Value { return Num(-n.x.eval(env).Number()) }

type union struct{ l, r node }

func (u *union) eval(env Env) Value {
	l, r := u.l.eval(env), u.r.eval(env)
	if l.isXN && r.isXN {
		return NodesOf(append(append([]Node{}, l.xn...), r.xn...))
	}
	a, b := l.Nodes(), r.Nodes()
	return NodeSet(append(append([]Value{}, a...), b...))
}

type binary struct {
	op   string
	l, r node
}

func (b *binary) eval(env Env) Value {
	switch b.op {
	case "or":
		return Boolean(b.l.eval(env).Bool() || b.r.eval(env).Bool())
	case "and":
		return Boolean(b.l.eval(env).Bool() && b.r.eval(env).Bool())
	}
	l, r := b.l.eval(env), b.r.eval(env)
	switch b.op {
	case "=":
		return Boolean(equal(l, r))
	case "!=":
		return Boolean(!equal(l, r))
	case "<", "<=", ">", ">=":
		return Boolean(compare(b.op, l, r))
	}
	x, y := l.Number(), r.Number()
	var v float64
	switch b.op {
	case "+":
		v = x + y
	case "-":
		v = x - y
	case "*":
		v = x * y
	case "div":
		v = x / y
	case "mod":
		v = math.Mod(x, y)
	}
	// Date arithmetic keeps the date type, as ODK does for
	// today() + 7 and the like.
	if (b.op == "+" || b.op == "-") && (l.kind == Date) != (r.kind == Date) && !math.IsNaN(v) {
		if l.kind == Date && (b.op == "+" || b.op == "-") || r.kind == Date && b.op == "+" {
			return Value{kind: Date, n: math.Floor(v)}
		}
	}
	return Num(v)
}

type call struct {
	name string
	fn   function
	args []node
}

func (c *call) eval(env Env) Value { return c.fn.impl(env, c.args) }
