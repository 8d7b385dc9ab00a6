package store

// Interviews is what siap does with interviews, whatever keeps them. A
// data file (Store) is one implementation; its rows (layout.go) are
// tables' rows, so that a server's database can be another: one row per
// interview (its record, its answers), one per batch of paradata. Files
// themselves (packs, backups, merging a file) stay with Store.
type Interviews interface {
	// Create adds a draft with its first answers.
	Create(iv Interview, changes []Change) (Interview, error)
	// Save writes changed answers and the events that go with them, in
	// one durable transaction.
	Save(id string, changes []Change, events ...Event) error
	Log(id string, events ...Event) error
	SetStatus(id string, status Status, who, comment string) error
	SetNote(id, path, text, who string) error
	Interview(id string) (Interview, error)
	Answers(id string) (map[string]Answer, error)
	Values(id string) (map[string]string, error)
	Events(id string, fn func(Event) error) error
	// EachInterview, Each and EachRecord stream every interview in the
	// order they arrived, one at a time.
	EachInterview(fn func(Interview) error) error
	Each(fn func(Interview, map[string]string) error) error
	EachRecord(withEvents bool, fn func(Record) error) error
	// Counts are kept current by every write.
	Counts() (Counts, error)
	IndexAnswers(paths ...string) error
	// SetIndexer has every write make the interview's facts (the
	// record's Facts) in its transaction; FactsKey says under which
	// Indexer every record's facts were made, and SharedIdentifiers
	// which identifiers' keyed hashes several interviews share.
	SetIndexer(ix Indexer) error
	FactsKey() (string, error)
	SharedIdentifiers() (map[string]int, error)
	Import(records []Record) error
	Conflicts() ([]Conflict, error)
	ResolveConflict(id, remoteHash string, keepRemote bool, who string) error
}

var _ Interviews = (*Store)(nil)
