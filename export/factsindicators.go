package export

import (
	"math"

	"siap/store"
)

// Reading is one indicator's value in one interview as the summaries
// add it up: read from the facts in place, a million interviews' without
// allocating.
type Reading struct {
	// Applies says the indicator applies to the interview (every
	// question it names is relevant and answered).
	Applies bool
	// Met says a proportion's interview meets it.
	Met bool
	// Number is its value, NaN when not a number.
	Number float64
}

// Readings turns what IndicatorsOf works out into readings, in dst (one
// per indicator).
func Readings(values []*IndicatorValue, dst []Reading) {
	for i := range dst {
		dst[i] = Reading{Number: math.NaN()}
		if i < len(values) && values[i] != nil {
			dst[i] = Reading{Applies: true, Met: values[i].Met, Number: values[i].Value()}
		}
	}
}

// Grouping is the place of the question named among those whose answers
// the facts keep for the summaries to group by (a select_one outside
// repeats), -1 when it is none of them.
func (x *Indexer) Grouping(name string) int {
	for i, n := range x.groupings {
		if n.Name == name {
			return i
		}
	}
	return -1
}

// ReadIndicators reads an interview's indicator values from its facts
// into dst (one per indicator of the form), and its answer to the
// grouping question g (Grouping) as the place of the choice in its list,
// from 1 (0 for none); false when the facts do not hold them (not made
// under this Indexer, or not worked out since the answers last changed),
// when the answers must be read instead. It reads what Indicators reads
// without taking the facts apart.
func (x *Indexer) ReadIndicators(iv store.Interview, g int, dst []Reading) (choice int, ok bool) {
	if iv.Facts == nil || iv.Facts.Key != x.key || len(dst) != len(x.form.Indicators) {
		return 0, false
	}
	r := store.ScanRecord(iv.Facts.Data)
	if !skipToIndicators(&r) {
		return 0, false
	}
	met := r.Bytes()
	if len(met) != len(dst) || r.Count() != len(dst) {
		return 0, false
	}
	for i := range dst {
		number, ok := r.Number()
		if !ok {
			number = math.NaN()
		}
		dst[i] = Reading{Number: math.NaN()}
		if met[i] != '-' {
			dst[i] = Reading{Applies: true, Met: met[i] == '1', Number: number}
		}
	}
	if r.Count() != len(x.groupings) {
		return 0, false
	}
	for i := range x.groupings {
		c := int(r.Uvarint())
		if i == g && c <= len(x.groupings[i].List.Choices) {
			choice = c
		}
	}
	if r.Err() != nil || r.Rest() != 0 {
		return 0, false
	}
	return choice, true
}

// skipToIndicators passes over what a facts record holds before its
// indicators (as encode writes them), reading nothing; false when the
// record is damaged, of another version, or its indicators were not
// worked out since the answers last changed.
func skipToIndicators(r *store.RecordReader) bool {
	if r.Byte() != factsFormat || r.Byte()&flagComputed == 0 {
		return false
	}
	// Sessions: total, start, last, latest.
	r.Varint()
	r.Varint()
	r.Uvarint()
	r.Uvarint()
	// Start, end, by and answered.
	r.Skip()
	r.Skip()
	r.Skip()
	r.Uvarint()
	// Shown: path, time.
	for n := r.Count(); n > 0; n-- {
		r.Skip()
		r.Uvarint()
	}
	// Fast: path, seconds, minimum.
	for n := r.Count(); n > 0; n-- {
		r.Skip()
		r.Number()
		r.Number()
	}
	// Confirmed: path, values.
	for n := r.Count(); n > 0; n-- {
		r.Skip()
		for m := r.Count(); m > 0; m-- {
			r.Skip()
		}
	}
	// Straight: start, run, value.
	for n := r.Count(); n > 0; n-- {
		r.Skip()
		r.Uvarint()
		r.Skip()
	}
	// Soft: path, value.
	for n := r.Count(); n > 0; n-- {
		r.Skip()
		r.Skip()
	}
	return r.Err() == nil
}
