// Package simulate makes plausible complete interviews by walking a
// questionnaire through the interview engine, as an interviewer would:
// skip logic, constraints and choice filters all apply. It is for
// training, testing exports and summaries, and load tests; it writes
// nothing.
package simulate

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/expr"
	"siap/questionnaires/interview"
)

// Options control a simulation.
type Options struct {
	N    int
	Seed uint64
	// Now ends the fieldwork period: interviews start in the 14 days
	// before it.
	Now         time.Time
	Interviewer string
	DeviceID    string
	// Taken, when set, reports whether the value of an identifying
	// question (pii = hash, the NIK) is already in the data file the
	// interviews go to: simulated identifiers are unique there, as no
	// two respondents share a NIK. With several Workers it is called
	// from each of them at once. It may also report those the run gave
	// before (interviews fn has written since): the interviews are the
	// same either way.
	Taken func(n *questionnaires.Node, value string) bool
	// Workers is how many goroutines make interviews (at most one when
	// below 2); the interviews are the same, and come in the same order,
	// whatever it is.
	Workers int

	// ids are the identifiers not to give: Taken and those this run gave.
	ids *identifiers
	// counters are the questions a repeat_count refers to, found once
	// per run.
	counters map[*questionnaires.Node]bool
}

// Step is one question as the simulated interviewer met it.
type Step struct {
	Path     string
	Shown    time.Time
	Answered time.Time // zero for a note
	Value    string
}

// Interview is one simulated interview.
type Interview struct {
	Group    string // the summary_by answer (the city)
	Answers  map[string]string
	Start    time.Time
	End      time.Time
	Steps    []Step
	Complete bool // every required question answered
	Refused  bool // consent not given
	Language string
	// Blocked is, for an interview that could not be completed, the
	// first thing that kept it a draft.
	Blocked *Blocked
}

// Blocked is a question a simulated interview could not get past: no
// answer it tried was accepted, or a required note stopped it.
type Blocked struct {
	Node    *questionnaires.Node
	Path    string
	Message string
}

// Run makes opts.N interviews, spread across the summary_by groups in
// proportion to their target column, and calls fn with each, in order.
// The same seed gives the same interviews, however many Workers make
// them.
func Run(form *questionnaires.Form, opts Options, fn func(Interview) error) error {
	return Stream(form, opts, func(Interview) (struct{}, error) { return struct{}{}, nil },
		func(iv Interview, _ struct{}) error { return fn(iv) })
}

// simulation is what a run shares between the interviews it makes.
type simulation struct {
	form   *questionnaires.Form
	opts   Options
	groups []*questionnaires.Choice
}

func newSimulation(form *questionnaires.Form, opts Options) *simulation {
	opts.ids = &identifiers{inFile: opts.Taken, given: map[uint64]struct{}{}}
	opts.counters = map[*questionnaires.Node]bool{}
	for _, n := range form.Nodes {
		if n.Kind == questionnaires.Question && counts(form, n) {
			opts.counters[n] = true
		}
	}
	return &simulation{form: form, opts: opts, groups: allocate(form, opts.N, opts.Seed)}
}

// make makes the i-th interview, asking ids which identifiers are
// taken. Its random numbers come from the seed and i alone.
func (r *simulation) make(i int, ids *identifiers) Interview {
	opts := r.opts
	opts.ids = ids
	return one(r.form, opts, r.groups[i], rand.New(rand.NewPCG(opts.Seed, uint64(i)+1)))
}

// allocate spreads n interviews over the summary_by choices by their
// target column (largest remainder), in a seeded random order.
func allocate(form *questionnaires.Form, n int, seed uint64) []*questionnaires.Choice {
	by := form.Node(form.SummaryBy)
	out := make([]*questionnaires.Choice, 0, n)
	if by == nil || by.List == nil || len(by.List.Choices) == 0 {
		for i := 0; i < n; i++ {
			out = append(out, nil)
		}
		return out
	}
	choices := by.List.Choices
	weights := make([]float64, len(choices))
	total := 0.0
	for i, c := range choices {
		w, err := strconv.ParseFloat(c.Extra["target"], 64)
		if err != nil || w <= 0 {
			w = 1
		}
		weights[i] = w
		total += w
	}
	counts := make([]int, len(choices))
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	given := 0
	for i, w := range weights {
		exact := float64(n) * w / total
		counts[i] = int(exact)
		given += counts[i]
		rems = append(rems, rem{i, exact - float64(counts[i])})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; given < n; k++ {
		counts[rems[k%len(rems)].i]++
		given++
	}
	for i, c := range choices {
		for j := 0; j < counts[i]; j++ {
			out = append(out, c)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// readiness is the group's tendency towards digital answers, from the
// choice's sim_readiness column, else from its place in the list.
func readiness(form *questionnaires.Form, group *questionnaires.Choice) float64 {
	if group == nil {
		return 0.5
	}
	if r, err := strconv.ParseFloat(group.Extra["sim_readiness"], 64); err == nil {
		return clamp01(r)
	}
	choices := form.Node(form.SummaryBy).List.Choices
	i := slices.Index(choices, group)
	if len(choices) < 2 {
		return 0.5
	}
	return 0.75 - 0.4*float64(i)/float64(len(choices)-1)
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func one(form *questionnaires.Form, opts Options, group *questionnaires.Choice, rng *rand.Rand) Interview {
	day := opts.Now.AddDate(0, 0, -rng.IntN(14))
	start := time.Date(day.Year(), day.Month(), day.Day(), 8+rng.IntN(9), rng.IntN(60), rng.IntN(60), 0, opts.Now.Location())
	// An interview of today starts early enough to have ended by now:
	// its length is not known until it is made, and three hours outlast
	// what a questionnaire's interview takes.
	if latest := opts.Now.Add(-3 * time.Hour); start.After(latest) {
		start = latest
	}
	clock := start
	meta := interview.Meta{DeviceID: opts.DeviceID, Username: opts.Interviewer, Now: func() time.Time { return clock }, Random: rng.Float64}
	s := interview.New(form, meta)
	a := &answerer{s: s, rng: rng, now: start, d: clamp01(readiness(form, group) + rng.NormFloat64()*0.18), ids: opts.ids, counters: opts.counters}
	iv := Interview{Start: start, Language: s.Language()}
	if group != nil {
		iv.Group = group.Name
	}
	added := map[string]int{}
	want := map[string]int{}
	var stuck *Blocked
	for it := s.First(); it != nil; {
		clock = clock.Add(time.Duration(2+rng.IntN(4)) * time.Second)
		step := Step{Path: it.Path, Shown: clock}
		if it.Prompt {
			if _, ok := want[it.RepeatPath]; !ok {
				want[it.RepeatPath] = rng.IntN(4)
			}
			if added[it.RepeatPath] < want[it.RepeatPath] {
				added[it.RepeatPath]++
				if next, err := s.AddInstance(it.RepeatPath); err == nil && next != nil {
					it = next
					continue
				}
			}
			it = s.Next(it.Path)
			continue
		}
		if it.Node.Kind == questionnaires.Question && !s.ReadOnly(it) {
			clock = clock.Add(time.Duration(8+rng.IntN(40)+len(s.Label(it))/8) * time.Second)
			if form.SummaryBy != "" && it.Node.Name == form.SummaryBy && group != nil {
				s.Set(it.Path, group.Name)
			} else if err := a.answer(it); err != nil && stuck == nil {
				stuck = &Blocked{Node: it.Node.Base(), Path: it.Path, Message: err.Error()}
				var ve *interview.ValidationError
				if errors.As(err, &ve) {
					stuck.Message = ve.Message
				}
			}
			step.Answered = clock
			step.Value = s.Answer(it.Path)
		}
		iv.Steps = append(iv.Steps, step)
		if s.HardStop(it) != "" {
			// A required note says answers disagree: the interviewer goes
			// back and asks again what it points at.
			for _, again := range a.correct(it) {
				clock = clock.Add(time.Duration(10+rng.IntN(30)) * time.Second)
				iv.Steps = append(iv.Steps, Step{Path: again.Path, Shown: clock, Answered: clock, Value: s.Answer(again.Path)})
			}
		}
		it = s.Next(it.Path)
	}
	clock = clock.Add(time.Duration(10+rng.IntN(50)) * time.Second)
	issues := s.Finalize()
	iv.Complete = len(issues) == 0
	iv.Refused = s.ConsentRefused()
	if !iv.Complete && !iv.Refused {
		// The first question that took none of the answers tried says
		// more than "needs an answer".
		iv.Blocked = stuck
		if iv.Blocked == nil {
			iv.Blocked = &Blocked{Node: issues[0].Item.Node.Base(), Path: issues[0].Item.Path, Message: issues[0].Message}
		}
	}
	iv.End = clock
	iv.Answers = s.Answers()
	return iv
}

// counts reports whether a question sets how many instances a repeat
// has: a repeat_count refers to it, directly or through calculations
// (${adults} - 1).
func counts(form *questionnaires.Form, n *questionnaires.Node) bool {
	for _, r := range form.Nodes {
		if r.Kind == questionnaires.Repeat && r.RepeatCount != nil && refersTo(form, r.RepeatCount, n.Name, map[string]bool{}) {
			return true
		}
	}
	return false
}

// refersTo reports whether e refers to the question named, directly or
// through the calculations it refers to; seen stops a cycle.
func refersTo(form *questionnaires.Form, e *expr.Expr, name string, seen map[string]bool) bool {
	for _, ref := range referredNames(e) {
		if ref == name {
			return true
		}
		if seen[ref] {
			continue
		}
		seen[ref] = true
		if c := form.Node(ref); c != nil && c.Calculation != nil && refersTo(form, c.Calculation, name, seen) {
			return true
		}
	}
	return false
}

// referredNames are the question names an expression reads: ${name},
// and the last step of a path written out, absolute (/data/hh/size) or
// from the context node (../size), as ODK forms often write a
// repeat_count.
func referredNames(e *expr.Expr) []string {
	names := slices.Clone(e.Refs())
	for _, p := range slices.Concat(e.Paths(), e.RelativePaths()) {
		if last := p.Steps[len(p.Steps)-1]; last != "." && last != ".." && last != "*" {
			names = append(names, last)
		}
	}
	return names
}

// answerer picks answers. d is the respondent's latent readiness for
// digital services (0 to 1): it raises yes answers, higher scale points,
// the first choices of a list, and shortens distances.
type answerer struct {
	s   *interview.State
	rng *rand.Rand
	now time.Time
	d   float64
	ids *identifiers
	// counters are the questions a repeat_count refers to, found once
	// per run.
	counters map[*questionnaires.Node]bool
	// weights is pickOne's, kept from one question to the next.
	weights []float64
}

// answer tries the likely answers, then answers made to fit the
// constraint (drawn only when the likely ones all fail, so that forms
// they suit keep their simulated data), then none where none is needed.
// It returns why the last answer tried was refused when none was kept.
func (a *answerer) answer(it *interview.Item) error {
	var err error
	for _, v := range a.candidates(it) {
		if err = a.s.SetValue(it.Path, v); err == nil {
			return nil
		}
	}
	for _, v := range a.fitting(it) {
		if err = a.s.SetValue(it.Path, v); err == nil {
			return nil
		}
	}
	if !a.s.Required(it) {
		return a.s.Set(it.Path, "")
	}
	return err
}

// maxCorrections bounds the times a simulated interviewer goes back
// from one hard-stop note.
const maxCorrections = 20

// correct answers again, up to maxCorrections times, the questions a
// relevant required note's relevance refers to, until the note no
// longer applies; it returns the items answered again.
func (a *answerer) correct(note *interview.Item) []*interview.Item {
	var again []*interview.Item
	for try := 0; try < maxCorrections && a.s.HardStop(note) != ""; try++ {
		for _, name := range note.Node.Relevant.Refs() {
			if it := a.nearest(name, note); it != nil && it.Node.Kind == questionnaires.Question && !a.s.ReadOnly(it) {
				a.answer(it)
				again = append(again, it)
			}
		}
		note = a.s.Item(note.Path)
		if note == nil {
			break
		}
	}
	return again
}

// nearest is the relevant item of the question named that an expression
// at from refers to: in from's repeat instance when they share it.
func (a *answerer) nearest(name string, from *interview.Item) *interview.Item {
	var found *interview.Item
	for _, it := range a.s.Items() {
		if it.Node.Base().Name != name || !it.Relevant || it.Prompt {
			continue
		}
		if found == nil || sharedPrefix(it.Path, from.Path) > sharedPrefix(found.Path, from.Path) {
			found = it
		}
	}
	return found
}

func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// fitting are answers made from the question's constraint: digits of
// the length string-length() asks for, text that matches its regex()
// patterns, numbers within its bounds, whether the constraint writes the
// value as . or as ${self}.
func (a *answerer) fitting(it *interview.Item) []string {
	n := it.Node
	if n.Constraint == nil {
		return nil
	}
	var out []string
	// Digits of the length string-length(.) asks for: phone and ID
	// numbers, whatever their type.
	if b := n.Constraint.LengthBounds(n.Name); b.Lo > 0 || !math.IsInf(b.Hi, 1) {
		for _, l := range bounded(a.rng, b, true, 10) {
			if k, err := strconv.Atoi(l); err == nil && k > 0 && k <= 100 {
				out = append(out, strconv.Itoa(1+a.rng.IntN(9))+digits(a.rng, k-1))
			}
		}
	}
	switch n.Type {
	case questionnaires.TypeInteger, questionnaires.TypeDecimal:
		return append(out, bounded(a.rng, n.Constraint.Bounds(n.Name), n.Type == questionnaires.TypeInteger, 40)...)
	case questionnaires.TypeText, questionnaires.TypePhoneNumber:
		for _, p := range n.Constraint.Patterns(n.Name) {
			for i := 0; i < 10; i++ {
				if t, ok := matching(a.rng, p); ok {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// candidates are answers to try in order; the first the form accepts is
// kept.
func (a *answerer) candidates(it *interview.Item) []string {
	var out []string
	if simulate, ok := simulators[it.Node.Type]; ok {
		out = simulate(a, it)
	}
	return out
}

// simulators make the candidate answers of each type of question;
// TestEveryQuestionTypeIsSimulated fails on a type without one.
var simulators = map[questionnaires.Type]func(a *answerer, it *interview.Item) []string{
	questionnaires.TypeText: func(a *answerer, it *interview.Item) []string {
		return []string{
			a.unique(it, func() string { return personName(a.rng) }), a.unique(it, func() string { return nik(a.rng) }),
			a.unique(it, func() string { return phone(a.rng) }), a.unique(it, func() string { return "catatan " + strconv.Itoa(a.rng.IntN(1000)) }),
		}
	},
	questionnaires.TypeSelectOne: func(a *answerer, it *interview.Item) []string {
		opts := a.s.Options(it)
		out := make([]string, 0, 6+len(opts))
		for i := 0; i < 6; i++ {
			out = append(out, a.pickOne(it.Node, opts))
		}
		for _, c := range opts {
			out = append(out, c.Name)
		}
		return out
	},
	questionnaires.TypeSelectMultiple: func(a *answerer, it *interview.Item) []string {
		opts := a.s.Options(it)
		out := make([]string, 0, 6+len(opts))
		for i := 0; i < 6; i++ {
			out = append(out, a.pickMany(it.Node, opts))
		}
		for _, c := range opts {
			out = append(out, c.Name)
		}
		return out
	},
	questionnaires.TypeInteger: func(a *answerer, it *interview.Item) []string {
		if out := a.aroundTypical(it.Node, true); out != nil {
			return out
		}
		out := make([]string, 0, 40)
		if a.counters[it.Node] {
			// A number of people or visits that a repeat is asked for:
			// what a household has, not thousands.
			for i := 0; i < 40; i++ {
				out = append(out, strconv.Itoa(a.rng.IntN(7)))
			}
			return out
		}
		for i := 0; i < 40; i++ {
			hi := math.Pow(10, float64(1+a.rng.IntN(6)))
			out = append(out, strconv.Itoa(int(math.Exp(a.rng.Float64()*math.Log(hi+1))-1)))
		}
		return out
	},
	questionnaires.TypeDecimal: func(a *answerer, it *interview.Item) []string {
		if out := a.aroundTypical(it.Node, false); out != nil {
			return out
		}
		return a.decimals(make([]string, 0, 40))
	},
	questionnaires.TypeRange: func(a *answerer, it *interview.Item) []string {
		lo, hi, step := a.s.RangeBounds(it.Node)
		steps := int(math.Abs(hi-lo)/math.Abs(step)) + 1
		return []string{strconv.FormatFloat(lo+float64(a.rng.IntN(steps))*math.Abs(step), 'f', -1, 64)}
	},
	questionnaires.TypeDate: func(a *answerer, _ *interview.Item) []string {
		return []string{a.now.AddDate(0, 0, -a.rng.IntN(365)).Format("2006-01-02"), a.now.AddDate(0, 0, a.rng.IntN(365)).Format("2006-01-02")}
	},
	questionnaires.TypeTime: func(a *answerer, _ *interview.Item) []string {
		return []string{strconv.Itoa(7+a.rng.IntN(12)) + ":" + strconv.Itoa(10+a.rng.IntN(50))}
	},
	questionnaires.TypeDateTime: func(a *answerer, _ *interview.Item) []string {
		return []string{a.now.AddDate(0, 0, -a.rng.IntN(30)).Format("2006-01-02 15:04")}
	},
	questionnaires.TypeAcknowledge: func(*answerer, *interview.Item) []string { return []string{"OK"} },
	questionnaires.TypePhoneNumber: func(a *answerer, it *interview.Item) []string {
		return []string{a.unique(it, func() string { return phone(a.rng) })}
	},
}

// aroundTypical is 40 candidates for a number the form gives a typical
// value for (sim_typical), or nil when it gives none.
func (a *answerer) aroundTypical(n *questionnaires.Node, whole bool) []string {
	typical, spread, ok := typicalValue(n)
	if !ok {
		return nil
	}
	out := make([]string, 0, 40)
	for i := 0; i < 40; i++ {
		out = append(out, aroundTypical(a.rng, typical, spread, whole))
	}
	return out
}

// decimals are candidates for a decimal the form gives no typical value
// for: distances, which shrink as readiness grows.
func (a *answerer) decimals(out []string) []string {
	for i := 0; i < 40; i++ {
		mean := 0.4 + 5*(1-a.d)
		if i > 20 {
			mean = math.Pow(10, float64(a.rng.IntN(5)))
		}
		out = append(out, strconv.FormatFloat(math.Round(a.rng.ExpFloat64()*mean*10)/10, 'f', -1, 64))
	}
	return out
}

// typicalValue reads the survey sheet's sim_typical column (the median a
// simulated answer is drawn around) and sim_spread (the standard
// deviation of its logarithm, 0.4 when not given).
func typicalValue(n *questionnaires.Node) (typical, spread float64, ok bool) {
	typical, err := strconv.ParseFloat(strings.TrimSpace(n.Extra["sim_typical"]), 64)
	if err != nil || typical <= 0 || math.IsInf(typical, 0) {
		return 0, 0, false
	}
	spread, err = strconv.ParseFloat(strings.TrimSpace(n.Extra["sim_spread"]), 64)
	if err != nil || spread < 0 || spread > 5 {
		spread = 0.4
	}
	return typical, spread, true
}

// aroundTypical draws from a log-normal with the given median, rounded as
// people give such numbers: whole thousands of rupiah, not 15,372.
func aroundTypical(rng *rand.Rand, typical, spread float64, integer bool) string {
	x := typical * math.Exp(rng.NormFloat64()*spread)
	if x >= 1000 {
		unit := math.Pow(10, math.Floor(math.Log10(x))-1)
		x = math.Round(x/unit) * unit
	}
	if integer {
		return strconv.FormatInt(int64(math.Round(x)), 10)
	}
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}

// pickOne chooses a choice of a select_one.
func (a *answerer) pickOne(n *questionnaires.Node, opts []*questionnaires.Choice) string {
	if len(opts) == 0 {
		return ""
	}
	rng, d := a.rng, a.d
	if c := a.s.Form().Consent; c != nil && c.Node == n {
		// Most respondents agree; a few decline.
		var agree, refuse []string
		for _, o := range opts {
			if c.Agrees(o.Name) {
				agree = append(agree, o.Name)
			} else {
				refuse = append(refuse, o.Name)
			}
		}
		pick := func(codes []string) string {
			if len(codes) == 1 {
				return codes[0]
			}
			return codes[rng.IntN(len(codes))]
		}
		if len(agree) > 0 && (len(refuse) == 0 || rng.Float64() < 0.95) {
			return pick(agree)
		}
		if len(refuse) > 0 {
			return pick(refuse)
		}
	}
	if isYesNo(opts) {
		if has(opts, "8") && rng.Float64() < 0.03 {
			return "8"
		}
		if rng.Float64() < 0.12+0.8*d {
			return "1"
		}
		return "2"
	}
	if k := scaleLength(opts); k > 0 {
		if !n.Likert() {
			// An ordered list whose direction siap cannot know
			// (education, signal strength): no lean either way.
			return opts[rng.IntN(len(opts))].Name
		}
		x := 1 + float64(k-1)*clamp01(d+rng.NormFloat64()*0.22)
		return strconv.Itoa(int(math.Round(x)))
	}
	// Lists of named choices: the first tend to be the most digital
	// (smartphone before basic phone before none), so readiness leans
	// towards them; "other" is rare.
	weights := a.weights[:0]
	for i, c := range opts {
		weights = append(weights, 0)
		pos := float64(i) / float64(max(1, len(opts)-1))
		weights[i] = math.Exp(3 * (d - 0.5) * (1 - 2*pos))
		if c.Name == "other" {
			weights[i] *= 0.15
		}
	}
	a.weights = weights
	return opts[weighted(rng, weights)].Name
}

func (a *answerer) pickMany(n *questionnaires.Node, opts []*questionnaires.Choice) string {
	rng := a.rng
	var exclusive, plain []*questionnaires.Choice
	for _, c := range opts {
		if n.List.Exclusive[c.Name] {
			exclusive = append(exclusive, c)
		} else {
			plain = append(plain, c)
		}
	}
	if len(exclusive) > 0 && (len(plain) == 0 || rng.Float64() < 0.85-0.7*a.d) {
		return exclusive[rng.IntN(len(exclusive))].Name
	}
	if len(plain) == 0 {
		return ""
	}
	k := 1 + rng.IntN(min(3, len(plain)))
	rng.Shuffle(len(plain), func(i, j int) { plain[i], plain[j] = plain[j], plain[i] })
	var names []string
	for _, c := range plain[:k] {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}

func weighted(rng *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := rng.Float64() * total
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

func has(opts []*questionnaires.Choice, code string) bool {
	return slices.ContainsFunc(opts, func(c *questionnaires.Choice) bool { return c.Name == code })
}

// isYesNo reports a yes/no list coded 1 = yes, 2 = no (with 8 and 9 for
// don't know and refused).
func isYesNo(opts []*questionnaires.Choice) bool {
	if !has(opts, "1") || !has(opts, "2") {
		return false
	}
	for _, c := range opts {
		switch c.Name {
		case "1", "2", "8", "9":
		default:
			return false
		}
	}
	return true
}

// scaleLength is k when the choices are the codes 1..k (a scale or an
// ordered list), ignoring 8 and 9; 0 otherwise.
func scaleLength(opts []*questionnaires.Choice) int {
	k := 0
	for _, c := range opts {
		if c.Name == "8" || c.Name == "9" {
			continue
		}
		if c.Name != strconv.Itoa(k+1) {
			return 0
		}
		k++
	}
	if k < 3 {
		return 0
	}
	return k
}

var (
	firstNames = []string{"Siti", "Budi", "Ani", "Agus", "Dewi", "Rudi", "Sri", "Joko", "Nur", "Yohana", "Made", "Andi", "Fitri", "Hendra", "Rina", "Yosef"}
	lastNames  = []string{"Aminah", "Santoso", "Lestari", "Saputra", "Wahyuni", "Hidayat", "Rahayu", "Nainggolan", "Pandie", "Daeng", "Kurniawan", "Lubis", "Siregar", "Tefa"}
)

func personName(rng *rand.Rand) string {
	return firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
}

func digits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

// nik is a 16-digit number shaped like a NIK (province, regency,
// district, birth date, serial); it belongs to nobody.
func nik(rng *rand.Rand) string {
	return strconv.Itoa(11+rng.IntN(80)) + digits(rng, 14)
}

func phone(rng *rand.Rand) string { return "08" + strconv.Itoa(1+rng.IntN(9)) + digits(rng, 9) }

// bounded draws n numbers within a constraint's bounds: evenly between
// two bounds, and from one bound outwards where there is only one
// (towards zero first, as counts and amounts are not negative).
func bounded(rng *rand.Rand, b expr.Bounds, integer bool, n int) []string {
	if math.IsInf(b.Lo, -1) && math.IsInf(b.Hi, 1) {
		return nil
	}
	step := 0.1
	if integer {
		step = 1
	}
	lo, hi := b.Lo, b.Hi
	if integer {
		lo, hi = math.Ceil(lo), math.Floor(hi)
	}
	if b.LoStrict && lo == b.Lo {
		lo += step
	}
	if b.HiStrict && hi == b.Hi {
		hi -= step
	}
	switch {
	case math.IsInf(lo, -1):
		lo = math.Min(0, hi-100)
	case math.IsInf(hi, 1):
		hi = lo + math.Max(100, math.Abs(lo)*2)
	}
	if lo > hi {
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		x := lo + rng.Float64()*(hi-lo)
		if integer {
			x = math.Round(x)
		} else {
			x = math.Round(x*10) / 10
		}
		out = append(out, strconv.FormatFloat(math.Max(lo, math.Min(hi, x)), 'f', -1, 64))
	}
	return out
}

// Tally counts how simulated interviews ended and, for those left as
// drafts, the question that stopped them.
type Tally struct {
	Completed, Refused, Drafts int
	blocked                    map[*questionnaires.Node]*blockCount
}

type blockCount struct {
	Blocked
	n int
}

// Add counts one interview.
func (t *Tally) Add(iv Interview) {
	switch {
	case iv.Refused:
		t.Refused++
	case iv.Complete:
		t.Completed++
	default:
		t.Drafts++
		if iv.Blocked == nil {
			return
		}
		if t.blocked == nil {
			t.blocked = map[*questionnaires.Node]*blockCount{}
		}
		c := t.blocked[iv.Blocked.Node]
		if c == nil {
			c = &blockCount{Blocked: *iv.Blocked}
			t.blocked[iv.Blocked.Node] = c
		}
		c.n++
	}
}

// Report writes how the interviews ended and, for the drafts, which
// question blocked how many, most first.
func (t *Tally) Report(w io.Writer) {
	fmt.Fprintf(w, "%d completed, %d refused, %d left as drafts\n", t.Completed, t.Refused, t.Drafts)
	if t.Drafts == 0 {
		return
	}
	fmt.Fprintln(w, "the drafts could not get past:")
	for _, c := range t.Stuck() {
		fmt.Fprintf(w, "  %d at %s (survey row %d, %s): %s\n", c.N, c.Node.Name, c.Node.Row, c.Node.RawType, c.Message)
	}
}

// StuckAt is how many drafts stopped at one question, and why.
type StuckAt struct {
	N       int
	Node    *questionnaires.Node
	Message string // the engine's, in the interview's language
}

// Stuck lists where the drafts stopped, the most drafts first, for a
// caller that words the report itself.
func (t *Tally) Stuck() []StuckAt {
	counts := make([]StuckAt, 0, len(t.blocked))
	for _, c := range t.blocked {
		counts = append(counts, StuckAt{N: c.n, Node: c.Node, Message: c.Message})
	}
	slices.SortFunc(counts, func(a, b StuckAt) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return a.Node.Row - b.Node.Row
	})
	return counts
}

// maxDraws bounds the draws for an identifier not given before: a kind of
// value with few possibilities (names) runs out, and is then given again.
const maxDraws = 100

// unique draws a value for the question; for an identifying question
// (pii = hash), one that is not taken. Draws are redrawn only when taken,
// so that the seed gives the same interviews as long as nothing is.
func (a *answerer) unique(it *interview.Item, draw func() string) string {
	v := draw()
	if a.ids == nil || !it.Node.HashedID() {
		return v
	}
	for i := 0; i < maxDraws && a.ids.taken(it.Node, v); i++ {
		v = draw()
	}
	return v
}

// identifiers are the values of identifying questions (pii = hash) a run
// must not give: those the data file holds, and those it gave, kept as
// 64-bit digests (a few bytes each, however many interviews).
//
// An interview made ahead of those before it (by another worker) is
// given identifiers without knowing theirs: asked, instead of given,
// then collects the digests it found free in the file, for the run to
// check against those given before it once they are known.
type identifiers struct {
	inFile func(*questionnaires.Node, string) bool
	given  map[uint64]struct{}
	asked  []uint64
}

func (ids *identifiers) taken(n *questionnaires.Node, v string) bool {
	if ids.inFile != nil && ids.inFile(n, v) {
		return true
	}
	d := digest(n, v)
	if ids.given == nil {
		ids.asked = append(ids.asked, d)
		return false
	}
	_, ok := ids.given[d]
	return ok
}

// anyGiven reports whether one of the digests was given.
func (ids *identifiers) anyGiven(digests []uint64) bool {
	for _, d := range digests {
		if _, ok := ids.given[d]; ok {
			return true
		}
	}
	return false
}

// give records the identifiers of an interview made.
func (ids *identifiers) give(form *questionnaires.Form, answers map[string]string) {
	for path, v := range answers {
		if n := form.NodeAt(path); n != nil && n.HashedID() && v != "" {
			ids.given[digest(n, v)] = struct{}{}
		}
	}
}

func digest(n *questionnaires.Node, v string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(n.Name))
	h.Write([]byte{0})
	h.Write([]byte(v))
	return h.Sum64()
}
