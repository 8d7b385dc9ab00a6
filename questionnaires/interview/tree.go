package interview

import (
	"strconv"
	"strings"

	"siap/questionnaires"
	"siap/questionnaires/expr"
)

// xnode is a node of the interview seen as ODK's XML instance
// (/data/group/members[2]/age), for paths and predicates. It is a value
// (comparable), made on demand from the form and the answers: nothing is
// kept between evaluations.
type xnode struct {
	s *State
	// n is the form's node; nil for the document node above /data.
	n *questionnaires.Node
	// path is the node's answer path: "age", "right/lux",
	// "members[2]" for a repeat instance, "" for /data.
	path string
	// outer is the path prefix the node's key is written after
	// ("members[2]/" inside that instance).
	outer string
	// ctx is the path of the item the expression is evaluated for; a
	// step into a repeat without a predicate keeps only the instance of
	// it that ctx is in.
	ctx string
	// cur, when set, is the value of the context node being validated.
	cur *expr.Value
}

// inner is the prefix of the keys of the node's children.
func (x xnode) inner() string {
	if x.n != nil && x.n.Kind == questionnaires.Repeat {
		return x.path + "/"
	}
	return x.outer
}

func (x xnode) Name() string {
	if x.n == nil {
		return ""
	}
	return x.n.Name
}

func (x xnode) Parent() expr.Node {
	if x.n == nil {
		return nil
	}
	p := x.n.Parent
	if p == nil {
		return xnode{s: x.s, ctx: x.ctx}
	}
	switch {
	case p.Parent == nil: // the form's root, /data
		return xnode{s: x.s, n: p, ctx: x.ctx}
	case p.Kind == questionnaires.Repeat:
		// x lies in an instance of p, whose path ends x's prefix.
		path := strings.TrimSuffix(x.outer, "/")
		outer := path[:max(0, strings.LastIndex(path, p.Key+"["))]
		return xnode{s: x.s, n: p, path: path, outer: outer, ctx: x.ctx}
	}
	return xnode{s: x.s, n: p, path: x.outer + p.Key, outer: x.outer, ctx: x.ctx}
}

// instanceSuffix is "members[2]" at the end of a repeat instance's path.
func instanceSuffix(path, key string) string {
	i := strings.LastIndex(path, key+"[")
	if i < 0 {
		return ""
	}
	return path[i:]
}

func (x xnode) Children(name string) []expr.Node {
	if x.n == nil {
		root := x.s.form.Root
		if name == "*" || name == root.Name {
			return []expr.Node{xnode{s: x.s, n: root, ctx: x.ctx}}
		}
		return nil
	}
	if x.n.Kind != questionnaires.Group && x.n.Kind != questionnaires.Repeat {
		return nil
	}
	prefix := x.inner()
	var out []expr.Node
	for _, c := range x.n.Children {
		if name != "*" && c.Name != name {
			continue
		}
		if c.Kind == questionnaires.Repeat {
			rp := prefix + c.Key
			x.s.readCount(rp)
			for i := 1; i <= x.s.counts[rp]; i++ {
				out = append(out, xnode{s: x.s, n: c, path: rp + "[" + strconv.Itoa(i) + "]", outer: prefix, ctx: x.ctx})
			}
			continue
		}
		out = append(out, xnode{s: x.s, n: c, path: prefix + c.Key, outer: prefix, ctx: x.ctx})
	}
	return out
}

func (x xnode) Value() expr.Value {
	if x.cur != nil {
		return *x.cur
	}
	if x.n == nil || x.n.Kind == questionnaires.Group || x.n.Kind == questionnaires.Repeat {
		return expr.Str("")
	}
	x.s.read(x.path)
	return Typed(x.n, x.s.vals[x.path])
}

// pin keeps, of the instances of a repeat a step reached, the one the
// context item is in, when it is in one.
func (x xnode) pin(step []expr.Node) []expr.Node {
	if len(step) < 2 {
		return step
	}
	first, ok := step[0].(xnode)
	if !ok || first.n == nil || first.n.Kind != questionnaires.Repeat {
		return step
	}
	for _, n := range step {
		inst := n.(xnode)
		if x.ctx == inst.path || strings.HasPrefix(x.ctx, inst.path+"/") {
			return []expr.Node{n}
		}
	}
	return step
}

// nodeOf is the document node of an item.
func (s *State) nodeOf(it *Item, ctx string) xnode {
	if it == nil || it.Node == nil {
		return xnode{s: s, n: s.form.Root, ctx: ctx}
	}
	n := it.Node.Base()
	if it.Prompt {
		// A repeat's prompt stands for the repeat itself, where its
		// relevance and count are worked out: ../n is a sibling of the
		// repeat. It has no instance, so no children.
		return xnode{s: s, n: n, path: it.RepeatPath, outer: strings.TrimSuffix(it.RepeatPath, n.Key), ctx: ctx}
	}
	outer := ""
	if k := strings.LastIndex(it.Path, "]/"); k >= 0 {
		outer = it.Path[:k+2]
	}
	if n.Kind == questionnaires.Repeat {
		outer = it.Path[:len(it.Path)-len(instanceSuffix(it.Path, n.Key))]
	}
	return xnode{s: s, n: n, path: it.Path, outer: outer, ctx: ctx}
}
