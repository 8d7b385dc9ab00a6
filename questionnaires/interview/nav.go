package interview

import (
	"sort"
	"strconv"
	"strings"

	"siap/questionnaires"
)

// Index is the position of path among the stops, or -1 when the item is
// not a visible stop now.
func (s *State) Index(path string) int {
	if i, ok := s.stopIndex[path]; ok {
		return i
	}
	return -1
}

// Next is the first stop after path, or nil at the end. From a path that
// is no longer a stop (its question became irrelevant), Next goes to the
// first stop further down the form.
func (s *State) Next(path string) *Item {
	if i := s.Index(path); i >= 0 {
		if i+1 < len(s.stops) {
			return s.stops[i+1]
		}
		return nil
	}
	return s.after(path, 1)
}

// Prev is the last stop before path, or nil at the start.
func (s *State) Prev(path string) *Item {
	if i := s.Index(path); i >= 0 {
		if i > 0 {
			return s.stops[i-1]
		}
		return nil
	}
	return s.after(path, -1)
}

// after finds the nearest stop in form order from a path that is not a
// stop.
func (s *State) after(path string, dir int) *Item {
	pos := -1
	for i, it := range s.items {
		if it.Path == path {
			pos = i
			break
		}
	}
	if pos < 0 {
		if dir > 0 && len(s.stops) > 0 {
			return s.stops[0]
		}
		return nil
	}
	for i := pos + dir; i >= 0 && i < len(s.items); i += dir {
		if it := s.items[i]; it.Relevant && it.IsStop() {
			return it
		}
	}
	return nil
}

// First is the first stop of the interview.
func (s *State) First() *Item {
	if len(s.stops) == 0 {
		return nil
	}
	return s.stops[0]
}

// FirstUnanswered is the first stop with no answer, where an interview
// taken up again without a saved position resumes; nil when every stop is
// answered.
func (s *State) FirstUnanswered() *Item {
	for _, it := range s.stops {
		if it.Node.Kind == questionnaires.Question && !it.Prompt && s.answers[it.Path] == "" && !s.ReadOnly(it) {
			return it
		}
	}
	return nil
}

// Section is the outermost visible group the item is in, for the
// interviewer's section menu; nil at the top level.
func (s *State) Section(it *Item) *Item {
	var sec *Item
	for p := it.Parent(); p != nil; p = p.Parent() {
		sec = p
	}
	if sec == nil && (it.Node.Kind == questionnaires.Group || it.Node.Kind == questionnaires.Repeat) && it.Parent() == nil && !it.Prompt {
		return it
	}
	return sec
}

// SectionStart is a section and the first stop in it.
type SectionStart struct {
	Section *Item // nil for questions outside any group
	First   *Item
}

// Sections lists the visible sections with their first stop, in order.
func (s *State) Sections() []SectionStart {
	var out []SectionStart
	var last *Item
	for i, it := range s.stops {
		sec := s.Section(it)
		if i == 0 || sec != last {
			out = append(out, SectionStart{sec, it})
			last = sec
		}
	}
	return out
}

// AddInstance adds an instance at the end of a repeat the interviewer
// controls (one without repeat_count) and returns its first stop, or nil
// when the instance has no visible question.
func (s *State) AddInstance(repeatPath string) (*Item, error) {
	prompt := s.byPath[repeatPath+"[+]"]
	if prompt == nil {
		return nil, &ValidationError{repeatPath, s.msg("notRepeat")}
	}
	n := s.counts[repeatPath] + 1
	if n > maxInstances {
		return nil, &ValidationError{repeatPath, s.msg("tooLarge")}
	}
	s.put(repeatPath+CountSuffix, strconv.Itoa(n))
	s.recompute()
	inst := repeatPath + "[" + strconv.Itoa(n) + "]"
	return s.Next(inst), nil
}

// RemoveInstance deletes instance k (1-based) of a repeat the interviewer
// controls; the instances after it move up one, answers and all.
func (s *State) RemoveInstance(repeatPath string, k int) error {
	if s.byPath[repeatPath+"[+]"] == nil {
		return &ValidationError{repeatPath, s.msg("notRepeat")}
	}
	n := s.counts[repeatPath]
	if k < 1 || k > n {
		return &ValidationError{repeatPath, s.msg("notRepeat")}
	}
	moves := map[string]string{}
	for p, v := range s.answers {
		if i, _, ok := instanceOf(p, repeatPath); ok && i >= k {
			moves[p] = v
		}
	}
	keys := make([]string, 0, len(moves))
	for p := range moves {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	for _, p := range keys {
		s.remove(p)
	}
	for _, p := range keys {
		i, rest, _ := instanceOf(p, repeatPath)
		if i > k {
			s.put(repeatPath+"["+strconv.Itoa(i-1)+"]"+rest, moves[p])
		}
	}
	s.put(repeatPath+CountSuffix, strconv.Itoa(n-1))
	s.recompute()
	return nil
}

// instanceOf reads "members[3]/age" as instance 3 of "members", rest
// "/age".
func instanceOf(path, repeatPath string) (int, string, bool) {
	if !strings.HasPrefix(path, repeatPath+"[") {
		return 0, "", false
	}
	rest := path[len(repeatPath)+1:]
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, "", false
	}
	i, err := strconv.Atoi(rest[:end])
	if err != nil {
		return 0, "", false
	}
	return i, rest[end+1:], true
}
