package testforms

import (
	"testing"

	"siap/questionnaires"
)

// CoversQuestionTypes fails t for every type of question table has no
// entry for, and for every entry that is not a question type: the tests
// beside each table keyed by type (parsing, simulation, widgets) call it,
// so that a type added to questionnaires is listed with what it lacks.
// where names the table for the message.
func CoversQuestionTypes[V any](t testing.TB, where string, table map[questionnaires.Type]V) {
	t.Helper()
	for _, typ := range questionnaires.Types() {
		_, ok := table[typ]
		switch asked := typ.Kind() == questionnaires.Question; {
		case asked && !ok:
			t.Errorf("question type %s is missing from %s", typ, where)
		case !asked && ok:
			t.Errorf("%s has %s, which is not a question type", where, typ)
		}
	}
}
