package store

import "fmt"

// Wording is what a problem says, in Bahasa Indonesia and in English;
// both take the same verbs in the same order, filled with what the
// problem names (an interview, a questionnaire, a count).
type Wording struct{ ID, EN string }

// A Problem is one thing Verify found wrong with a data file, or one
// note on what it could not check. It keeps its words apart from what
// it names, so that an interface words it in its own language (In);
// String and Error give the English. It is an error too, so that a
// check deep in the store can return one.
type Problem struct {
	words Wording
	args  []any
}

// NewProblem is a problem worded by w, naming args.
func NewProblem(w Wording, args ...any) Problem { return Problem{words: w, args: args} }

func (p Problem) String() string { return p.In("en", nil) }

func (p Problem) Error() string { return p.String() }

// Unwrap is the errors the problem names, so that errors.Is finds a
// kind (ErrDamaged) through it.
func (p Problem) Unwrap() []error {
	var errs []error
	for _, a := range p.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// wordedError is a failure the store words in both languages.
type wordedError struct{ words Wording }

func (e wordedError) Error() string { return e.words.EN }

// In words the failure in a language, as Problem.In does.
func (e wordedError) In(lang string, _ func(error) string) string {
	return NewProblem(e.words).In(lang, nil)
}

// Worded is an error that words itself in a language, as Problem.In
// does: the store's problems and its failures to open a value.
type Worded interface {
	error
	In(lang string, word func(error) string) string
}

// In words the problem in the language whose code is given ("id" for
// Bahasa Indonesia, any other for English). An error it names is worded
// by word when word is not nil, a problem by its own words, any other
// error by its own text.
func (p Problem) In(lang string, word func(error) string) string {
	format := p.words.EN
	if lang == "id" {
		format = p.words.ID
	}
	args := make([]any, len(p.args))
	for i, a := range p.args {
		if err, ok := a.(error); ok {
			if w, ok := err.(Worded); ok {
				a = w.In(lang, word)
			} else if word != nil {
				a = word(err)
			}
		}
		args[i] = a
	}
	return fmt.Sprintf(format, args...)
}

// Wordings of the problems and notes the bbolt store's Verify reports;
// store/postgres adds its own.
var (
	wordConsistency   = Wording{"konsistensi: %v", "consistency: %v"}
	WordUnreadable    = Wording{"%v", "%v"}
	WordFormChecksum  = Wording{"kuesioner %s: isinya tidak cocok dengan checksum-nya", "form %s: its bytes do not match their checksum"}
	wordNotFiled      = Wording{"wawancara %s tidak tersimpan di bawah id-nya", "interview %s is not filed under its id"}
	WordFormMissing   = Wording{"wawancara %s: kuesionernya (%s) tidak ada", "interview %s: its questionnaire %s is missing"}
	WordInterview     = Wording{"wawancara %s: %v", "interview %s: %v"}
	WordDigest        = Wording{"wawancara %s: ringkasan isinya tidak cocok dengan jawaban, status dan catatannya", "interview %s: its content digest does not match its answers, status and notes"}
	wordFactsStale    = Wording{"fakta wawancara (tanda mutu dan nilai indikator yang dibaca layar) belum semua dibuat dengan kuesioner ini: siap membuatnya saat berkas dibuka lagi", "the interviews' facts (quality flags and indicator values the screens read) are not all made under this questionnaire: siap makes them when it next opens the file"}
	wordLogForeign    = Wording{"baris log %x bukan buatan siap", "log row %x is not one siap writes"}
	wordLogOrphan     = Wording{"baris log %x bukan milik wawancara mana pun", "log row %x belongs to no interview"}
	wordNoRecord      = Wording{"wawancara %s tidak punya rekaman", "interview %s has no record"}
	wordLogStart      = Wording{"baris %s-nya mulai dari %d: baris 0 sampai %d dihapus", "its %s rows start at %d: rows 0 to %d were removed"}
	wordLogSkip       = Wording{"baris %s-nya melompat dari %d ke %d: satu baris dihapus", "its %s rows skip from %d to %d: a row was removed"}
	wordRowParadata   = Wording{"paradata", "paradata"}
	wordRowChanges    = Wording{"perubahan tersimpan", "saved-change"}
	wordRowHistory    = Wording{"riwayat ringkasan", "digest history"}
	wordRowKind       = Wording{"jenis %d", "kind %d"}
	wordCountsDiffer  = Wording{"berkas menghitung %d wawancara dan memuat %d: ada wawancara yang dihapus atau ditambahkan di luar siap", "the file counts %d interviews and holds %d: interviews were removed or added outside siap"}
	WordIDMissing     = Wording{"wawancara %s: indeks identitas tidak memuat salah satu hash berkuncinya", "interview %s: the index of identifiers lacks one of its keyed hashes"}
	wordFactsUnmade   = Wording{"wawancara %s: faktanya tidak dapat dibuat: %v", "interview %s: its facts cannot be made: %v"}
	wordFactsMissing  = Wording{"wawancara %s: faktanya (tanda mutu, nilai indikator, isi daftar) tidak ada", "interview %s: its facts (quality flags, indicator values, what lists show) are missing"}
	wordFactsDisagree = Wording{"wawancara %s: faktanya (tanda mutu, nilai indikator, isi daftar) tidak sesuai dengan jawaban dan paradatanya", "interview %s: its facts (quality flags, indicator values, what lists show) do not agree with its answers and paradata"}
	wordIDHashes      = Wording{"wawancara %s: hash berkunci identitasnya tidak sesuai dengan jawabannya", "interview %s: the keyed hashes of its identifiers do not agree with its answers"}
	WordIDCount       = Wording{"indeks identitas memuat %d entri; wawancaranya punya %d", "the index of identifiers holds %d entries; the interviews have %d"}
	WordFactsCount    = Wording{"%d wawancara punya fakta, dari %d yang diperiksa", "%d interviews have facts, of %d checked"}
	wordSummaryUnread = Wording{"ringkasan wawancara dalam berkas: %v", "the file's summary of its interviews: %v"}
	wordSummaryGone   = Wording{"ringkasan revisi wawancara dalam berkas hilang: dihapus di luar siap, jadi wawancara yang disalin kembali dari salinan lama atau dihapus tidak dapat disingkirkan kemungkinannya; bandingkan berkas dengan cadangan (siap restore menampilkannya)", "the file's summary of its interviews' revisions is missing: it was removed outside siap, so an interview copied back from an older copy or removed cannot be ruled out; compare the file with a backup (siap restore lists them)"}
	wordSummaryNone   = Wording{"berkas belum menyimpan ringkasan revisi wawancaranya (ditulis oleh siap versi lama): buka sekali dengan siap untuk membuatnya; sampai itu wawancara yang disalin kembali dari salinan lama tidak dapat ditemukan", "the file keeps no summary of its interviews' revisions yet (written by an earlier siap): open it once with siap to make one; until then an interview copied back from an older copy cannot be found"}
	wordSummaryLate   = Wording{"ringkasan revisi wawancara dihitung pada %s UTC, saat siap ini pertama membuka berkas: apa yang terjadi sebelumnya tidak dapat diperiksa", "the summary of the interviews' revisions was computed on %s UTC, when this siap first opened the file: what happened to them before then cannot be checked"}
	wordRemoved       = Wording{"wawancara %s dihapus di luar siap: berkas terakhir menulisnya pada revisi %d dan tidak memuat rekamannya", "interview %s was removed outside siap: the file last wrote it at revision %d and holds no record of it"}
	wordRevisionRow   = Wording{"wawancara %s: baris revisinya: %v", "interview %s: its revision row: %v"}
	wordNoRevisionRow = Wording{"wawancara %s: berkas tidak punya baris revisi untuknya: wawancara atau barisnya ditambahkan atau dihapus di luar siap", "interview %s: the file has no revision row for it: it was added, or its row removed, outside siap"}
	WordMovedRow      = Wording{"wawancara %s: baris revisinya milik wawancara lain (%s): baris dipindah di luar siap", "interview %s: its revision row is that of another interview (%s): rows were moved outside siap"}
	wordSummaryDiffer = Wording{"ringkasan wawancara dalam berkas tidak cocok dengan wawancaranya: ada wawancara yang disalin kembali dari salinan lama, atau dihapus, bersama baris revisinya, di luar siap", "the file's summary of its interviews does not match them: an interview was copied back from an older copy, or removed, together with its revision row, outside siap"}
)

// Wordings of how an interview's rows differ from what the file last
// wrote of it.
var (
	wordRolledBack  = Wording{"revisinya %d, sedangkan berkas terakhir menulis revisi %d: wawancara disalin kembali dari salinan lama di luar siap", "it is at revision %d, and the file last wrote revision %d: it was copied back from an older copy outside siap"}
	wordRowsRemoved = Wording{"baris %s terakhirnya dihapus di luar siap: ada %d, sedangkan berkas terakhir menulis %d", "its last %s rows were removed outside siap: it has %d, and the file last wrote %d"}
	wordRowsAdded   = Wording{"ada %d baris %s, sedangkan berkas terakhir menulis %d: baris ditambahkan di luar siap", "it has %d %s rows, and the file last wrote %d: rows were added outside siap"}
)

// Wordings of a stored value that does not read.
var (
	wordRecordOf      = Wording{"rekaman %v %x: %v", "%v record %x: %v"}
	wordRecordDamaged = Wording{"rekaman %v %x rusak: %v", "%v record %x is damaged: %v"}
	wordPartOf        = Wording{"%v rekaman %x: %v", "%v of record %x: %v"}
	wordFactsOf       = Wording{"fakta rekaman %x: %v; jalankan siap verify", "facts of record %x: %v; run siap verify"}
	wordTampered      = Wording{"nilai tidak lolos autentikasi: nilai itu diubah atau dipindah", "value fails authentication: it was changed or moved"}
	wordNotSealed     = Wording{"nilai tidak disegel dengan kunci berkas ini", "value is not sealed with this file's key"}
)

// recordWords names what a bucket's records hold, for a problem.
func recordWords(bucket string) any {
	w, ok := map[string]Wording{
		bucketInterviews: {"wawancara", "interviews"},
		bucketAnswers:    {"jawaban", "answers"},
		bucketChanges:    {"perubahan tersimpan", "saved-change"},
		bucketEvents:     {"paradata", "paradata"},
		bucketHistory:    {"riwayat ringkasan", "digest history"},
		bucketForms:      {"kuesioner", "forms"},
		bucketSettings:   {"pengaturan", "settings"},
	}[bucket]
	if !ok {
		return bucket
	}
	return NewProblem(w)
}
