package expr

import "time"

// Env is what an expression sees of the interview it is evaluated in.
type Env interface {
	// Ref is the value of ${name}: the answer in the same repeat instance
	// as the expression, or a node-set of every instance's answer when
	// the question is in a repeat the expression is outside of.
	Ref(name string) Value
	// Current is ".": the value being validated or calculated.
	Current() Value
	// Bare is a name written without ${...}; in a choice_filter it is the
	// column of the choice being filtered.
	Bare(name string) Value
	// Position is the 1-based number of the innermost repeat instance the
	// expression is evaluated in, or 0 outside any repeat.
	Position() int
	// IndexedRepeat is ${name} in instance n of the repeat ${repeat}.
	IndexedRepeat(name, repeat string, n int) Value
	// ChoiceLabel is the label, in the interview's language, of the choice
	// coded value in the list of question name.
	ChoiceLabel(name, value string) string
	// Now is the current time, so that tests can fix it.
	Now() time.Time
	// PullData is pulldata(file, column, keyColumn, key): column of the
	// first row of file.csv whose keyColumn is key, or "".
	PullData(file, column, keyColumn, key string) string

	// Root is the document node of the interview's answers: its child is
	// the form's root element (/data). nil where there is none.
	Root() Node
	// ContextNode is the node the expression belongs to, where relative
	// paths (../x) start and what current() is; nil at the top level.
	ContextNode() Node
	// Pin narrows the instances of a repeat a path step reached without
	// a predicate to the one the expression is evaluated in, as JavaRosa
	// does for /data/members/age written inside members; other nodes
	// pass unchanged.
	Pin(step []Node) []Node
	// Instance is the document node of the secondary instance id (a
	// choice list, or a CSV or XML file beside the form), or nil.
	Instance(id string) Node
	// LastSaved is ${last-saved#name}: the answer in the last interview
	// of the form finalized on this device, or "".
	LastSaved(name string) Value
	// Random is random(): a number from 0 up to 1, from the caller's
	// source so that simulations repeat for a seed.
	Random() float64
}
