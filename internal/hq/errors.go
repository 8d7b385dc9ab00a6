package hq

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
)

// Reasons a request is refused, or a sync cannot be made. Headquarters
// sends the reason (Refusal); both sides word it with words below, in
// the language of whoever reads it.
const (
	ReasonUnenrolled    = "unenrolled"     // no client certificate, or one headquarters does not know
	ReasonCodeUnknown   = "code-unknown"   // an enrolment code headquarters did not make
	ReasonCodeUsed      = "code-used"      // a code already used (a replayed enrolment)
	ReasonCodeExpired   = "code-expired"   // a code made too long ago
	ReasonCodeLocked    = "code-locked"    // a code tried with wrong secrets too often
	ReasonTooMany       = "too-many"       // too many failed enrolments: wait
	ReasonForeign       = "foreign"        // a pack holding another interviewer's interview
	ReasonOtherStudy    = "other-study"    // a pack (or a laptop) of another questionnaire
	ReasonTampered      = "tampered"       // a pack that does not read: damaged or changed
	ReasonNotForUs      = "not-for-us"     // a pack encrypted for other keys
	ReasonPlain         = "plain"          // a pack of a data file without encryption
	ReasonTooLarge      = "too-large"      // a pack larger than headquarters takes
	ReasonBadRequest    = "bad-request"    // a request siap does not make
	ReasonServer        = "server"         // headquarters failed: nothing was written
	ReasonNotKnown      = "no-server"      // this laptop knows no headquarters
	ReasonWrongCert     = "wrong-cert"     // the server is not the one pinned
	ReasonCodeCert      = "code-cert"      // the server does not match the code
	ReasonBadCode       = "bad-code"       // the code as typed is not a code
	ReasonBadURL        = "bad-url"        // the address is not an https:// one
	ReasonUnreachable   = "unreachable"    // no answer: offline, or headquarters down
	ReasonAlreadyEnrol  = "already"        // a used code typed again on the laptop it enrolled
	ReasonLaptopPlain   = "laptop-plain"   // the laptop's data file is not encrypted
	ReasonUnknownAnswer = "unknown-answer" // headquarters answered what siap does not expect
)

// words are the reasons' words, Bahasa Indonesia first; %[1]v and on are
// the Error's arguments.
var words = map[string][2]string{
	ReasonUnenrolled: {
		"laptop ini tidak terdaftar di kantor pusat: minta kode pendaftaran ke kantor pusat lalu jalankan siap sync --enrol KODE URL; tidak ada yang ditulis",
		"this laptop is not enrolled with headquarters: ask headquarters for an enrolment code and run siap sync --enrol CODE URL; nothing was written"},
	ReasonCodeUnknown: {
		"kode pendaftaran tidak dikenal kantor pusat: periksa kode, atau minta kode baru; tidak ada yang ditulis",
		"headquarters does not know this enrolment code: check it, or ask for a new one; nothing was written"},
	ReasonCodeUsed: {
		"kode pendaftaran ini sudah dipakai (satu kode mendaftarkan satu laptop, sekali): minta kode baru ke kantor pusat; tidak ada yang ditulis",
		"this enrolment code has been used already (a code enrols one laptop, once): ask headquarters for a new one; nothing was written"},
	ReasonCodeExpired: {
		"kode pendaftaran ini sudah kedaluwarsa: minta kode baru ke kantor pusat; tidak ada yang ditulis",
		"this enrolment code has expired: ask headquarters for a new one; nothing was written"},
	ReasonCodeLocked: {
		"kode pendaftaran ini dikunci karena terlalu sering dicoba dengan kode yang salah: minta kode baru ke kantor pusat; tidak ada yang ditulis",
		"this enrolment code is locked after too many attempts with a wrong code: ask headquarters for a new one; nothing was written"},
	ReasonTooMany: {
		"terlalu banyak percobaan pendaftaran yang gagal: tunggu beberapa menit lalu coba lagi, periksa kodenya, atau minta kode baru ke kantor pusat; tidak ada yang ditulis",
		"too many failed enrolment attempts: wait a few minutes and try again, check the code, or ask headquarters for a new one; nothing was written"},
	ReasonForeign: {
		"paket memuat wawancara %[1]v, yang bukan milik %[2]v (pewawancara laptop ini terdaftar); kantor pusat menerima dari laptop ini hanya wawancaranya sendiri; tidak ada yang ditulis: tanyakan ke kantor pusat",
		"the pack holds interview %[1]v, which is not one of %[2]v's (the interviewer this laptop is enrolled as); headquarters takes from this laptop its own interviews only; nothing was written: ask headquarters"},
	ReasonOtherStudy: {
		"paket ini untuk studi lain (%[1]v), sedangkan kantor pusat menjalankan %[2]v; tidak ada yang ditulis",
		"the pack is for another study (%[1]v), and headquarters runs %[2]v; nothing was written"},
	ReasonTampered: {
		"kantor pusat tidak dapat membaca paket: rusak atau diubah di jalan; tidak ada yang ditulis, sinkronkan lagi",
		"headquarters cannot read the pack: it is damaged or was changed on the way; nothing was written, sync again"},
	ReasonNotForUs: {
		"paket tidak dienkripsi untuk kunci kantor pusat; tidak ada yang ditulis: daftarkan laptop lagi dengan siap sync --enrol",
		"the pack was not encrypted for headquarters' key; nothing was written: enrol the laptop again with siap sync --enrol"},
	ReasonPlain: {
		"paket berasal dari berkas data tanpa enkripsi (hanya untuk pelatihan) dan kantor pusat menolaknya; tidak ada yang ditulis",
		"the pack comes from a data file without encryption (training only), which headquarters refuses; nothing was written"},
	ReasonTooLarge: {
		"paket lebih besar dari yang diterima kantor pusat (%[1]v); tidak ada yang ditulis: minta kantor pusat menaikkan --max-pack",
		"the pack is larger than headquarters accepts (%[1]v); nothing was written: ask headquarters to raise --max-pack"},
	ReasonBadRequest: {
		"kantor pusat menolak permintaan (%[1]v); tidak ada yang ditulis",
		"headquarters refused the request (%[1]v); nothing was written"},
	ReasonServer: {
		"kantor pusat gagal menyimpan (%[1]v); tidak ada yang ditulis, sinkronkan lagi nanti",
		"headquarters failed to save (%[1]v); nothing was written, sync again later"},
	ReasonNotKnown: {
		"laptop ini belum mengenal kantor pusat: jalankan siap sync --enrol KODE URL dengan kode dari kantor pusat",
		"this laptop knows no headquarters yet: run siap sync --enrol CODE URL with the code headquarters gave you"},
	ReasonWrongCert: {
		"server di %[1]v bukan kantor pusat tempat laptop ini terdaftar (sertifikatnya lain); tidak ada yang dikirim: tanyakan ke kantor pusat",
		"the server at %[1]v is not the headquarters this laptop enrolled with (its certificate is another); nothing was sent: ask headquarters"},
	ReasonCodeCert: {
		"server di %[1]v tidak cocok dengan kode pendaftaran; tidak ada yang dikirim: periksa alamat dan kode",
		"the server at %[1]v does not match the enrolment code; nothing was sent: check the address and the code"},
	ReasonBadCode: {
		"%[1]q bukan kode pendaftaran (24 huruf dan angka, seperti siap serve enrol mencetaknya)",
		"%[1]q is not an enrolment code (24 letters and digits, as siap serve enrol prints it)"},
	ReasonBadURL: {
		"%[1]q bukan alamat kantor pusat: tulis seperti https://hq.contoh.id:8443",
		"%[1]q is not a headquarters address: write it as https://hq.example.org:8443"},
	ReasonUnreachable: {
		"kantor pusat di %[1]v tidak dapat dihubungi (%[2]v): tidak ada yang hilang, sinkronkan lagi saat ada jaringan",
		"headquarters at %[1]v cannot be reached (%[2]v): nothing is lost, sync again when there is a network"},
	ReasonAlreadyEnrol: {
		"laptop ini sudah terdaftar di kantor pusat %[1]v sebagai %[2]v: jalankan siap sync untuk mengirim wawancara; tidak ada yang ditulis",
		"this laptop is enrolled with headquarters at %[1]v as %[2]v already: run siap sync to send interviews; nothing was written"},
	ReasonLaptopPlain: {
		"berkas data %[1]v tidak dienkripsi (hanya untuk pelatihan): kantor pusat hanya menerima data terenkripsi",
		"data file %[1]v is not encrypted (training only): headquarters takes encrypted data only"},
	ReasonUnknownAnswer: {
		"kantor pusat menjawab %[1]v, yang tidak dipahami siap ini: perbarui siap",
		"headquarters answered %[1]v, which this siap does not understand: update siap"},
}

// Error is a refusal, or a sync that could not be made, worded in
// either language.
type Error struct {
	Reason string
	Args   []any
	// Err is what lies under it (a network error), for errors.Is.
	Err error
}

func (e *Error) Error() string { return e.In(false) }

// In words the error in Bahasa Indonesia (true) or English.
func (e *Error) In(indonesian bool) string {
	w, ok := words[e.Reason]
	if !ok {
		return fmt.Sprintf("%s %v", e.Reason, e.Args)
	}
	if indonesian {
		return fmt.Sprintf(w[0], e.Args...)
	}
	return fmt.Sprintf(w[1], e.Args...)
}

func (e *Error) Unwrap() error { return e.Err }

// Refused reports whether err is a refusal for reason.
func Refused(err error, reason string) bool {
	var e *Error
	return errors.As(err, &e) && e.Reason == reason
}

// Refusal is how headquarters sends an Error: its reason and arguments
// as text.
type Refusal struct {
	Reason string   `json:"reason"`
	Args   []string `json:"args,omitempty"`
}

// Error is the refusal as the laptop words it.
func (r Refusal) Error() *Error {
	if _, ok := words[r.Reason]; !ok {
		return &Error{Reason: ReasonUnknownAnswer, Args: []any{r.Reason}}
	}
	args := make([]any, len(r.Args))
	for i, a := range r.Args {
		args[i] = a
	}
	// A refusal with other arguments than its words take still reads.
	n := argsTaken(words[r.Reason][1])
	for len(args) < n {
		args = append(args, "?")
	}
	return &Error{Reason: r.Reason, Args: args[:n]}
}

var argIndex = regexp.MustCompile(`%\[(\d)\]`)

// argsTaken is how many arguments words take.
func argsTaken(w string) int {
	n := 0
	for _, m := range argIndex.FindAllStringSubmatch(w, -1) {
		i, _ := strconv.Atoi(m[1])
		n = max(n, i)
	}
	return n
}
