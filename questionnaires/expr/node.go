package expr

// Node is a node of an XML document a path walks: the interview's
// answers (/data/household/members[2]/age), or a secondary instance
// (instance('villages')/root/item). Implementations are comparable
// values, so that a step reaching the same node twice keeps it once.
type Node interface {
	Name() string
	// Parent is nil for the document node.
	Parent() Node
	// Children lists the child elements with the name, or all of them
	// for "*", in document order.
	Children(name string) []Node
	// Value is the node's text, typed as its question is (numbers compare
	// as numbers, dates as dates).
	Value() Value
}

// Element is a node of a document held in memory: a secondary instance
// made from a choice list or a file beside the form.
type Element struct {
	Tag  string
	Text string
	Kids []*Element
	Up   *Element
	// index finds children by name in large instances (thousands of
	// items): built when the element is sealed.
	byName map[string][]Node
}

// Add appends a child and returns it.
func (e *Element) Add(tag, text string) *Element {
	k := &Element{Tag: tag, Text: text, Up: e}
	e.Kids = append(e.Kids, k)
	return k
}

// Seal indexes the children of e and of every element below it; call it
// once the document is complete.
func (e *Element) Seal() {
	e.byName = make(map[string][]Node, 1)
	for _, k := range e.Kids {
		e.byName[k.Tag] = append(e.byName[k.Tag], k)
		k.Seal()
	}
}

func (e *Element) Name() string { return e.Tag }

func (e *Element) Parent() Node {
	if e.Up == nil {
		return nil
	}
	return e.Up
}

func (e *Element) Children(name string) []Node {
	if name == "*" {
		out := make([]Node, len(e.Kids))
		for i, k := range e.Kids {
			out[i] = k
		}
		return out
	}
	if e.byName != nil {
		return e.byName[name]
	}
	var out []Node
	for _, k := range e.Kids {
		if k.Tag == name {
			out = append(out, k)
		}
	}
	return out
}

func (e *Element) Value() Value {
	if len(e.Kids) == 0 {
		return Str(e.Text)
	}
	return Str(stringValue(e))
}

// stringValue is XPath's string-value of an element: the text of every
// element below it, in order.
func stringValue(e *Element) string {
	if len(e.Kids) == 0 {
		return e.Text
	}
	s := ""
	for _, k := range e.Kids {
		s += stringValue(k)
	}
	return s
}

// valueNode stands for a value that is not a node of any document (a
// literal, a result), when a path or predicate is applied to it.
type valueNode struct{ v *Value }

func (valueNode) Name() string           { return "" }
func (valueNode) Parent() Node           { return nil }
func (valueNode) Children(string) []Node { return nil }
func (n valueNode) Value() Value         { return *n.v }

// NodesOf makes a node-set of document nodes.
func NodesOf(ns []Node) Value { return Value{kind: Nodes, xn: ns, isXN: true} }

// xnodes returns the value as document nodes: itself when it is a
// node-set of them, else each of its values standing alone.
func (v Value) xnodes() []Node {
	if v.isXN {
		return v.xn
	}
	vals := v.Nodes()
	out := make([]Node, len(vals))
	for i := range vals {
		out[i] = valueNode{&vals[i]}
	}
	return out
}
