package expr

import "math"

// pathExpr is a location path: /data/members[age > 17]/name, ../x,
// instance('villages')/root/item[code = ${v}]/name, ${members}[1]/age,
// current()/../sn.
type pathExpr struct {
	// start is the expression the path goes on from (a reference, a
	// call of instance() or current(), a parenthesised expression); nil
	// for a location path, which starts at the document (abs) or at the
	// context node.
	start node
	abs   bool
	// preds filter the start's nodes before the first step.
	preds []node
	steps []step
}

// step is one step of a path: a child name (or "*"), "." or "..", with
// its predicates; descendant marks a step after "//".
type step struct {
	name       string
	preds      []node
	descendant bool
}

func (p *pathExpr) eval(env Env) Value {
	env, budget := budgeted(env)
	if *budget <= 0 {
		return NodesOf(nil)
	}
	var set []Node
	switch {
	case p.start != nil:
		set = p.start.eval(env).xnodes()
	case p.abs:
		if r := env.Root(); r != nil {
			set = []Node{r}
		}
	default:
		if c := env.ContextNode(); c != nil {
			set = []Node{c}
		}
	}
	set = filter(env, set, p.preds)
	for _, st := range p.steps {
		set = st.apply(env, set, p.abs, budget)
		if len(set) == 0 {
			break
		}
	}
	return NodesOf(set)
}

// maxNodes bounds the nodes a step may gather, so that a hostile path
// over a large instance cannot exhaust memory.
const maxNodes = 1_000_000

// maxVisits bounds the nodes one evaluation may visit along all its
// paths, predicates within predicates included, so that a hostile
// expression (//*[//*[//*]]) over a large instance ends; past it, paths
// give empty node-sets.
const maxVisits = 1_000_000

// budgetEnv carries, through the predicates of one evaluation, how many
// node visits are left.
type budgetEnv struct {
	Env
	left *int
}

// budgeted finds the budget of the evaluation env belongs to, or starts
// one.
func budgeted(env Env) (Env, *int) {
	for e := env; ; {
		switch x := e.(type) {
		case budgetEnv:
			return env, x.left
		case predEnv:
			e = x.Env
			continue
		}
		left := maxVisits
		return budgetEnv{env, &left}, &left
	}
}

// apply takes one step from every node of in. pin narrows the
// instances of a repeat reached without a predicate to the context's, as
// JavaRosa does for absolute paths only.
func (st step) apply(env Env, in []Node, pin bool, budget *int) []Node {
	var out []Node
	seen := map[Node]bool{}
	add := func(n Node) {
		if n != nil && !seen[n] && len(out) < maxNodes {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range in {
		from := []Node{n}
		if st.descendant {
			from = descendantsOrSelf(n, nil)
		}
		if *budget -= len(from); *budget <= 0 {
			return out
		}
		for _, f := range from {
			var kids []Node
			switch st.name {
			case ".":
				kids = []Node{f}
			case "..":
				kids = []Node{f.Parent()}
			default:
				kids = f.Children(st.name)
				if pin && len(st.preds) == 0 {
					kids = env.Pin(kids)
				}
			}
			if *budget -= len(kids); *budget <= 0 {
				return out
			}
			for _, k := range filter(env, kids, st.preds) {
				add(k)
			}
		}
	}
	return out
}

func descendantsOrSelf(n Node, out []Node) []Node {
	if len(out) >= maxNodes {
		return out
	}
	out = append(out, n)
	for _, k := range n.Children("*") {
		out = descendantsOrSelf(k, out)
	}
	return out
}

// filter keeps the nodes each predicate accepts in turn: a number keeps
// the node at that position, anything else is taken as true or false.
func filter(env Env, set []Node, preds []node) []Node {
	for _, pred := range preds {
		var kept []Node
		for i, n := range set {
			v := pred.eval(predEnv{Env: env, node: n, pos: i + 1, size: len(set)})
			if v.kind == Number {
				if v.n == float64(i+1) {
					kept = append(kept, n)
				}
				continue
			}
			if v.Bool() {
				kept = append(kept, n)
			}
		}
		set = kept
	}
	return set
}

// predEnv is the environment inside a predicate: "." and relative paths
// start at the node being tested, position() and last() count the nodes
// tested; current() and ${...} still mean what they mean outside.
type predEnv struct {
	Env
	node      Node
	pos, size int
}

func (p predEnv) Current() Value    { return p.node.Value() }
func (p predEnv) ContextNode() Node { return p.node }
func (p predEnv) Position() int     { return p.pos }
func (p predEnv) Last() int         { return p.size }

// Bare is a name inside a predicate: the child of the node tested.
func (p predEnv) Bare(name string) Value { return NodesOf(p.node.Children(name)) }

// positionOf is XPath's position of a node among its parent's children
// of the same name, as JavaRosa's position(..) gives a repeat instance's
// number.
func positionOf(n Node) float64 {
	parent := n.Parent()
	if parent == nil {
		return 1
	}
	for i, sib := range parent.Children(n.Name()) {
		if sib == n {
			return float64(i + 1)
		}
	}
	return math.NaN()
}
