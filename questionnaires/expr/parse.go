package expr

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Expr is a parsed XLSForm expression: parse once when the form loads,
// evaluate many times.
type Expr struct {
	src   string
	root  node
	refs  []string
	bare  []string
	calls []string
	files []string
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
		return nil, &SyntaxError{1, "the expression is empty"}
	}
	p := &parser{toks: toks, e: &Expr{src: src}}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q after a complete expression", t.text)}
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
		return nil, &SyntaxError{p.peek().pos, "the expression nests too deeply"}
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
	left, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for p.isSym("|") {
		p.next()
		right, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		left = &union{left, right}
	}
	return left, nil
}

func (p *parser) parsePrimary() (node, error) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.next()
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("%q is not a number", t.text)}
		}
		return literal{Num(f)}, nil
	case tString:
		p.next()
		return literal{Str(t.text)}, nil
	case tRef:
		p.next()
		p.e.refs = addOnce(p.e.refs, t.text)
		return p.predicates(ref{t.text})
	case tName:
		if p.toks[p.i+1].kind == tSym && p.toks[p.i+1].text == "(" {
			return p.parseCall()
		}
		if isOperatorWord(t.text) {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("%q needs a value on each side", t.text)}
		}
		return p.parsePath()
	case tSym:
		switch t.text {
		case "(":
			p.next()
			x, err := p.parseOr()
			if err != nil {
				return nil, err
			}
			if !p.isSym(")") {
				return nil, &SyntaxError{p.peek().pos, "expected ) to close the ( at character " + strconv.Itoa(t.pos)}
			}
			p.next()
			return x, nil
		case ".", "..", "/", "//":
			return p.parsePath()
		}
	case tEOF:
		return nil, &SyntaxError{t.pos, "the expression ends where a value was expected"}
	}
	return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q where a value was expected", t.text)}
}

func isOperatorWord(s string) bool { return s == "and" || s == "or" || s == "div" || s == "mod" }

// parsePath reads a location path. ODK forms use few: ".", "..", a bare
// name (a choice column in a choice_filter) and absolute paths such as
// /data/group/q, which name the question q.
func (p *parser) parsePath() (node, error) {
	start := p.peek()
	var steps []string
	absolute := false
	if p.isSym("/", "//") {
		absolute = true
		p.next()
	}
	for {
		t := p.peek()
		switch {
		case t.kind == tName:
			p.next()
			steps = append(steps, t.text)
		case t.kind == tSym && (t.text == "." || t.text == ".."):
			p.next()
			steps = append(steps, t.text)
		default:
			if absolute && len(steps) == 0 {
				return nil, &SyntaxError{t.pos, "a path must name a question after /"}
			}
			return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q in a path", t.text)}
		}
		if !p.isSym("/") {
			break
		}
		p.next()
	}
	last := steps[len(steps)-1]
	var n node
	switch {
	case len(steps) == 1 && last == "." && !absolute:
		n = current{}
	case last == "." || last == "..":
		n = current{}
		if len(steps) > 1 || absolute {
			return nil, &SyntaxError{start.pos, "a path must end with a question's name"}
		}
	case len(steps) == 1 && !absolute:
		p.e.bare = addOnce(p.e.bare, last)
		n = bareName{last}
	default:
		p.e.refs = addOnce(p.e.refs, last)
		n = ref{last}
	}
	return p.predicates(n)
}

func (p *parser) predicates(n node) (node, error) {
	if p.isSym("[") {
		return nil, &SyntaxError{p.peek().pos, "predicates ([...]) are not supported; use indexed-repeat() or a choice_filter"}
	}
	return n, nil
}

func (p *parser) parseCall() (node, error) {
	nameTok := p.next()
	p.next() // (
	fn, ok := functions[nameTok.text]
	if !ok {
		return nil, &SyntaxError{nameTok.pos, fmt.Sprintf("unknown function %s()", nameTok.text)}
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
		return nil, &SyntaxError{p.peek().pos, fmt.Sprintf("expected , or ) in the call of %s()", nameTok.text)}
	}
	p.next()
	if len(args) < fn.min || fn.max >= 0 && len(args) > fn.max {
		return nil, &SyntaxError{nameTok.pos, fmt.Sprintf("%s() takes %s, not %d", nameTok.text, fn.arity(), len(args))}
	}
	if nameTok.text == "instance" {
		return nil, &SyntaxError{nameTok.pos, "instance() lookups are not supported; use a choice_filter"}
	}
	p.e.calls = addOnce(p.e.calls, nameTok.text)
	// pulldata('households', ...) reads a CSV beside the form, which must
	// be known when the form loads.
	if nameTok.text == "pulldata" {
		lit, ok := args[0].(literal)
		if !ok || lit.v.kind != String || strings.TrimSpace(lit.v.s) == "" {
			return nil, &SyntaxError{nameTok.pos, "pulldata() takes the file's name as quoted text first, such as pulldata('households', 'address', 'hh_id', ${hh_id})"}
		}
		p.e.files = addOnce(p.e.files, strings.TrimSpace(lit.v.s))
	}
	// jr:choice-name names its question in a string, '${q}'.
	if nameTok.text == "jr:choice-name" {
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

type bareName struct{ name string }

func (b bareName) eval(env Env) Value { return env.Bare(b.name) }

type negate struct{ x node }

func (n *negate) eval(env Env) Value { return Num(-n.x.eval(env).Number()) }

type union struct{ l, r node }

func (u *union) eval(env Env) Value {
	a, b := u.l.eval(env).Nodes(), u.r.eval(env).Nodes()
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
