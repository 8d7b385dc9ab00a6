package store

// Interviews is what siap does with a study's interviews, whatever keeps
// them: a data file on a laptop (Store), or a server's database
// (store/postgres). Both keep the same tables (layout.go): one row per
// interview (its record, its answers), numbered rows per interview for
// what is appended to it (paradata, digest history), every value sealed
// with the study's data key. What concerns the file itself (its
// passphrase, backups, packs, salvage, rotation, erasure) stays with
// Store. Both pass the conformance tests in store/storetest.
type Interviews interface {
	// Location names where the interviews are kept, for messages: a
	// data file's path, a database's address without its password.
	Location() string
	Close() error

	// AddForm keeps a questionnaire under its key (FormKey: a digest of
	// its bytes and files) and makes it the one new interviews take;
	// a form of another study (form id) is refused.
	AddForm(f FormSource) (string, error)
	Form(key string) (FormSource, error)
	// CurrentForm is the form new interviews are taken with; ErrNotFound
	// when none was added.
	CurrentForm() (FormSource, error)
	// Setting and SetSetting keep sealed values by name ("" when unset).
	Setting(key string) (string, error)
	SetSetting(key, value string) error
	// EachSetting calls fn with every setting whose name starts with
	// prefix, in the order of their names.
	EachSetting(prefix string, fn func(key, value string) error) error
	// DeleteSettings removes settings, in one transaction.
	DeleteSettings(keys ...string) error
	// KeyedHasher digests personal identifiers with the study's secret
	// key, so that exports find duplicates without showing them.
	KeyedHasher() (func(string) string, error)

	// Create adds a draft with its first answers.
	Create(iv Interview, changes []Change) (Interview, error)
	// Save writes changed answers and the events that go with them, in
	// one durable transaction.
	Save(id string, changes []Change, events ...Event) error
	// Log appends paradata events.
	Log(id string, events ...Event) error
	SetStatus(id string, status Status, who, comment string) error
	SetNote(id, path, text, who string) error

	// Interview is an interview's record with its digest history.
	Interview(id string) (Interview, error)
	Answers(id string) (map[string]Answer, error)
	Values(id string) (map[string]string, error)
	// Events calls fn with an interview's paradata, oldest first.
	Events(id string, fn func(Event) error) error
	// Record is a whole interview: record, history, answers, paradata.
	Record(id string) (Record, error)

	// EachInterview, Each and EachRecord stream every interview in the
	// order they arrived, one at a time, in memory that does not grow
	// with their number. EachRecord with events gives whole interviews
	// (history and paradata too), as Import takes them. An interview
	// that cannot be read is left out and named at the end
	// (DamagedInterviewsError), after the others.
	EachInterview(fn func(Interview) error) error
	Each(fn func(Interview, map[string]string) error) error
	EachRecord(withEvents bool, fn func(Record) error) error

	// Counts are kept current by every write.
	Counts() (Counts, error)
	// IndexAnswers names the answers every interview's record keeps
	// (Interview.Index) and Counts counts by.
	IndexAnswers(paths ...string) error

	// Import brings whole interviews in, all in one transaction, by the
	// rules of a merge: one not held is added; one whose content we
	// had before (in our history) is unchanged; one whose history holds
	// our content is newer and replaces ours (the paradata of both
	// kept); otherwise both changed since they last agreed and the
	// version brought is kept as a conflict for a supervisor. A record
	// without a digest (made here: simulated) is given one; a record
	// with one must match its content. Importing the same records
	// again changes nothing. With ImportOptions.Key it is made once:
	// its result recorded in the same transaction, and returned again
	// (Again set) without reading from or writing anything.
	Import(from RecordSource, opts ...ImportOptions) (MergeResult, error)
	// Conflicts lists the versions imports kept for a supervisor.
	Conflicts() ([]Conflict, error)
	ResolveConflict(id, remoteHash string, keepRemote bool, who string) error

	// Verify decodes every value and checks every interview's digest.
	Verify() (Report, error)

	// Each interview's facts (facts.go), which the screens that list and
	// count interviews read instead of every answer.
	FactsKeeper
}

// RecordSource hands whole interviews to fn, one at a time, stopping at
// fn's first error: EachRecord(true, ·) of another Interviews is one. It
// may be read again from the start: a database runs a transaction again
// that it broke off to end a deadlock.
type RecordSource func(fn func(Record) error) error

// Records is a source of the records given.
func Records(list ...Record) RecordSource {
	return func(fn func(Record) error) error {
		for _, r := range list {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// Location is the data file's path.
func (s *Store) Location() string { return s.path }

var _ Interviews = (*Store)(nil)

// FactsKeeper is how Interviews keep each interview's facts (facts.go):
// made by the Indexer set in every transaction that writes the
// interview, in a row of their own, with the keyed hashes of its
// identifiers indexed. Readers read them when FactsKey is their
// Indexer's key, and every answer otherwise.
type FactsKeeper interface {
	// SetIndexer has every write make the interview's facts
	// (Interview.Facts) in its transaction, and makes those missing or
	// made under another key; FactsKey says under which Indexer every
	// interview's facts were made ("" when not all were), and
	// SharedIdentifiers which identifiers' keyed hashes several
	// interviews share.
	// Making them all again calls progress (when not nil) with how many
	// interviews were done, of how many, after each batch.
	SetIndexer(ix Indexer, progress func(done, total int)) error
	FactsKey() (string, error)
	SharedIdentifiers() (*SharedHashes, error)
	// EachFacts streams every interview's facts with what lists show of
	// its record, in the order they arrived, reading neither records nor
	// answers.
	EachFacts(fn func(Interview) error) error
}
