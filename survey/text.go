package survey

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Lang is the language of siap's own words on screen.
type Lang int

const (
	Indonesian Lang = iota
	English
)

// words holds every text the interface shows, in Bahasa Indonesia and
// English.
var words = map[string][2]string{
	"appName":                {"siap · wawancara terminal", "siap · terminal interviews"},
	"version":                {"versi", "version"},
	"interviewer":            {"Pewawancara", "Interviewer"},
	"dataFile":               {"Berkas data", "Data file"},
	"targets":                {"Target per kota", "Targets per city"},
	"byStatus":               {"Status", "Status"},
	"menuNew":                {"Wawancara baru", "New interview"},
	"menuResume":             {"Lanjutkan draf", "Resume a draft"},
	"menuResumeSentBack":     {"%d di antaranya dikembalikan", "%d of them sent back"},
	"menuBrowse":             {"Telusuri wawancara", "Browse interviews"},
	"menuLanguage":           {"Ganti bahasa (English)", "Switch language (Bahasa Indonesia)"},
	"menuLanguageTo":         {"Ganti bahasa (%s)", "Switch language (%s)"},
	"menuQuit":               {"Keluar", "Quit"},
	"askInterviewer":         {"Siapa nama Anda? Nama ini dicatat pada setiap wawancara.", "What is your name? It is recorded with every interview."},
	"nameRequired":           {"Nama wajib diisi.", "A name is required."},
	"noDrafts":               {"Tidak ada draf.", "There are no drafts."},
	"question":               {"Pertanyaan", "Question"},
	"of":                     {"dari", "of"},
	"savedAt":                {"tersimpan %s", "saved %s"},
	"notSavedYet":            {"belum ada jawaban tersimpan", "nothing saved yet"},
	"saveFailed":             {"GAGAL MENYIMPAN: %v. Jawaban belum tersimpan; coba lagi (enter).", "SAVE FAILED: %v. The answer is not saved; try again (enter)."},
	"readOnly":               {"Hanya baca: wawancara ini sudah selesai.", "Read only: this interview is complete."},
	"rejectedNote":           {"Dikembalikan oleh supervisor: %s", "Sent back by the supervisor: %s"},
	"noteContinue":           {"Tekan enter untuk lanjut.", "Press enter to continue."},
	"repeatPrompt":           {"%s: %d dicatat. Tambah satu lagi?", "%s: %d recorded. Add another?"},
	"repeatAdd":              {"a: tambah · enter: lanjut", "a: add · enter: go on"},
	"removeConfirm":          {"Hapus %s nomor %d beserta jawabannya? (y ya / n batal)", "Remove %s number %d and its answers? (y yes / n cancel)"},
	"sections":               {"Lompat ke bagian", "Jump to a section"},
	"noSection":              {"(tanpa bagian)", "(no section)"},
	"review":                 {"Periksa wawancara", "Review the interview"},
	"missing":                {"belum dijawab", "not answered"},
	"guidance":               {"Petunjuk pewawancara: %s", "For the interviewer: %s"},
	"notePrompt":             {"Catatan untuk pertanyaan ini (enter simpan, esc batal; kosongkan untuk menghapus):", "A note on this question (enter keeps it, esc cancels; empty removes it):"},
	"notePlaceholder":        {"misalnya: responden memperkirakan", "for example: the respondent estimated"},
	"noteShown":              {"Catatan (%s): %s", "Note (%s): %s"},
	"choicesShown":           {"pilihan %d–%d dari %d; ↑↓ untuk yang lain", "choices %d–%d of %d; ↑↓ for the others"},
	"locked":                 {"Layar terkunci karena lama tidak dipakai. Ketik frasa sandi berkas data untuk membuka; semua jawaban sudah tersimpan.", "The screen locked after a while without use. Type the data file's passphrase to unlock; every answer is saved."},
	"lockWrong":              {"Frasa sandi salah. Sisa percobaan: %d.", "Wrong passphrase. Tries left: %d."},
	"lockChecking":           {"Memeriksa…", "Checking…"},
	"noSuchChoice":           {"Tombol %s: tidak ada pilihan bernomor itu (1 sampai %d).", "Key %s: there is no choice with that number (1 to %d)."},
	"unusualShort":           {"tidak biasa; biasanya %s", "unusual; usually %s"},
	"leaveUnsaved":           {"%s Tekan tombol itu lagi untuk pergi tanpa menyimpan jawaban ini.", "%s Press that key again to leave without saving this answer."},
	"unusualKeep":            {"Enter lagi untuk tetap memakai jawaban ini, atau ubah.", "Press enter again to keep it, or change it."},
	"issues":                 {"%d hal perlu diperbaiki sebelum selesai.", "%d things need fixing before finalizing."},
	"readyToFinalize":        {"Semua pertanyaan wajib terjawab. Tekan f untuk menyelesaikan.", "All required questions are answered. Press f to finalize."},
	"finalized":              {"Wawancara selesai dan tersimpan.", "The interview is complete and saved."},
	"refusedDone":            {"Responden menolak; jawaban sebelum persetujuan dan penolakannya disimpan.", "The respondent declined; the answers before consent and the refusal are kept."},
	"browse":                 {"Wawancara", "Interviews"},
	"filterStatus":           {"status", "status"},
	"filterCity":             {"kota", "city"},
	"all":                    {"semua", "all"},
	"none":                   {"Tidak ada wawancara.", "No interviews."},
	"noneMatch":              {"Tidak ada wawancara yang cocok dengan %q; esc menghapus pencarian.", "No interview matches %q; esc clears the search."},
	"help":                   {"Tombol", "Keys"},
	"helpHere":               {"Di layar ini", "On this screen"},
	"helpAll":                {"Semua tombol", "All keys"},
	"resumesAt":              {"berhenti di: %s", "stopped at: %s"},
	"statusShort.draft":      {"draf", "draft"},
	"statusShort.completed":  {"selesai", "completed"},
	"statusShort.approved":   {"disetujui", "approved"},
	"statusShort.rejected":   {"kembali", "sent back"},
	"statusShort.refused":    {"menolak", "refused"},
	"progress":               {"Kemajuan lapangan per pewawancara", "Fieldwork progress by interviewer"},
	"progressNote":           {"Menit: median waktu wawancara selesai dan disetujui terbuka (dari paradata). Tanda: tanda mutu pada wawancara itu.", "Minutes: median time completed and approved interviews were open (from the paradata). Flags: their quality flags."},
	"medianMinutes":          {"menit", "minutes"},
	"flags":                  {"tanda", "flags"},
	"status.draft":           {"draf", "draft"},
	"status.completed":       {"selesai", "completed"},
	"status.approved":        {"disetujui", "approved"},
	"status.rejected":        {"dikembalikan", "sent back"},
	"status.refused":         {"menolak", "refused"},
	"total":                  {"Jumlah", "Total"},
	"menuSupervise":          {"Supervisi: periksa, setujui, kembalikan", "Supervise: review, approve, send back"},
	"menuPack":               {"Buat paket untuk supervisor", "Make a pack for the supervisor"},
	"packed":                 {"Paket ditulis di folder berkas data: %s", "Pack written beside the data file: %s"},
	"menuSync":               {"Sinkronkan dengan kantor pusat", "Sync with headquarters"},
	"synced":                 {"Tersinkron: %d wawancara terkirim ke kantor pusat, %d diterima (disetujui atau dikembalikan).", "Synced: %d interviews sent to headquarters, %d received (approved or sent back)."},
	"syncedOthers":           {" %d wawancara pewawancara lain di laptop ini tidak dikirim: dikirim dari laptop pewawancaranya sendiri.", " %d interviews of other interviewers on this laptop not sent: they go from their own interviewer's laptop."},
	"syncedNothing":          {"Tersinkron: tidak ada yang baru untuk dikirim maupun diterima.", "Synced: nothing new either way."},
	"supervise":              {"Supervisi", "Supervision"},
	"toReview":               {"%d wawancara selesai menunggu keputusan", "%d completed interviews await a decision"},
	"nothingToReview":        {"Tidak ada wawancara yang menunggu.", "No interview is waiting."},
	"reasonPrompt":           {"Alasan mengembalikan (dibaca pewawancara):", "Why it goes back (the interviewer reads this):"},
	"check.short_duration":   {"terlalu singkat", "too short"},
	"check.fast_answer":      {"jawaban terlalu cepat", "answered too fast"},
	"check.straight_lining":  {"jawaban seragam", "straight-lining"},
	"check.duplicate_nik":    {"NIK ganda", "duplicate NIK"},
	"check.soft_range":       {"jawaban tidak biasa", "unusual answer"},
	"reasonPlaceholder":      {"misalnya: umur tidak sesuai KTP", "for example: age does not match the ID card"},
	"reasonRequired":         {"Tulis alasannya.", "Write the reason."},
	"decided.approved":       {"Wawancara %s disetujui.", "Interview %s approved."},
	"decided.rejected":       {"Wawancara %s dikembalikan ke pewawancara.", "Interview %s sent back to the interviewer."},
	"conflict":               {"KONFLIK", "CONFLICT"},
	"ours":                   {"di sini", "ours"},
	"merged":                 {"gabungan", "merged"},
	"conflictResolved":       {"Konflik diselesaikan.", "Conflict settled."},
	"menuExport":             {"Ekspor CSV dan Excel (selesai dan disetujui)", "Export CSV and Excel (completed and approved)"},
	"exported":               {"%d wawancara diekspor ke %s di folder berkas data", "%d interviews exported to %s beside the data file"},
	"exportedServer":         {"%d wawancara diekspor ke %s di server", "%d interviews exported to %s on the server"},
	"signedInAs":             {"Masuk sebagai", "Signed in as"},
	"seesAll":                {"Kantor pusat: semua wawancara", "Headquarters: every interview"},
	"seesTeam":               {"Supervisor tim: %s", "Supervisor of the team: %s"},
	"readOnlyServer":         {"Hanya baca: jawaban diubah oleh pewawancara di laptopnya.", "Read only: answers are changed by the interviewer on their laptop."},
	"byInterviewer":          {"Tanda per pewawancara (selesai dan disetujui)", "Flags per interviewer (completed and approved)"},
	"menuSummaries":          {"Ringkasan per kota", "Summaries by city"},
	"summaries":              {"Ringkasan", "Summaries"},
	"summaryInfo":            {"%d wawancara · menurut %s", "%d interviews · by %s"},
	"withSimulated":          {"(termasuk simulasi)", "(includes simulated)"},
	"noneToSummarise":        {"Belum ada wawancara selesai untuk diringkas.", "No completed interviews to summarise yet."},
	"domain.":                {"Lainnya", "Other"},
	"kind.proportion":        {"proporsi, selang Wilson 95%", "proportion, 95% Wilson interval"},
	"kind.mean":              {"rata-rata, selang t 95%", "mean, 95% t interval"},
	"kind.median":            {"median, rentang antarkuartil", "median, interquartile range"},
	"denominator":            {"Penyebut: wawancara yang menanyakan dan menjawab %s.", "Denominator: interviews that asked and answered %s."},
	"barLegend.proportion":   {"█ persentase · [ ] selang kepercayaan 95% · (n)", "█ percentage · [ ] 95% confidence interval · (n)"},
	"barLegend.mean":         {"█ rata-rata · [ ] selang kepercayaan 95% · (n)", "█ mean · [ ] 95% confidence interval · (n)"},
	"barLegend.median":       {"█ median · [ ] kuartil pertama dan ketiga · (n)", "█ median · [ ] first and third quartiles · (n)"},
	"reference":              {"Angka nasional: %s (%s)", "National figure: %s (%s)"},
	"degreesOfFreedom":       {"db", "df"},
	"refColumn":              {"acuan", "ref"},
	"referenceAlone":         {"Angka nasional: %s", "National figure: %s"},
	"distribution":           {"Banyaknya wawancara menurut nilai:", "Interviews by value:"},
	"quitHint":               {"Draf tersimpan; lanjutkan kapan saja dari menu 2 (Lanjutkan draf).", "The draft is saved; resume it any time from menu item 2 (Resume a draft)."},
	"loading":                {"Membaca berkas data…", "Reading the data file…"},
	"indexing":               {"Menyusun indeks wawancara untuk layar pengawasan: %d dari %d…", "Indexing the interviews for the supervisor screens: %d of %d…"},
	"exporting":              {"Mengekspor: %d dari %d wawancara dibaca", "Exporting: %d of %d interviews read"},
	"exportCancelHint":       {"esc membatalkan ekspor; tidak ada folder setengah jadi yang tertinggal.", "esc cancels the export; no half-written folder is left behind."},
	"exportCancelled":        {"Ekspor dibatalkan; tidak ada yang ditulis.", "Export cancelled; nothing was written."},
	"error.notFound":         {"Tidak ditemukan di berkas data: %[2]s", "Not found in the data file: %[2]s"},
	"error.wrongPassphrase":  {"Frasa sandi salah.", "Wrong passphrase."},
	"error.passphraseNeeded": {"Berkas data terenkripsi: perlu frasa sandi.", "The data file is encrypted: a passphrase is needed."},
	"error.inUse":            {"Berkas data sedang dipakai siap lain; tutup dulu siap yang lain.", "The data file is in use by another siap; close it first."},
	"error.damaged":          {"%[1]s tidak dapat dibaca: rusak atau terpotong. Jalankan siap verify; cadangan dapat dipulihkan dengan siap restore.", "%[1]s cannot be read: it is damaged or cut short. Run siap verify; siap restore brings back a backup."},
	"error.emptyWithBackups": {"Berkas data %[1]s kosong atau hilang, tetapi cadangannya ada (terbaru %[2]s): pulihkan dengan siap restore.", "Data file %[1]s is empty or missing, but its backups are there (the newest %[2]s): restore it with siap restore."},
	"error.isPack":           {"%[1]s adalah paket: gabungkan dengan siap merge.", "%[1]s is a pack: merge it with siap merge."},
	"error.plainRefused":     {"%[1]s tidak dienkripsi, sedangkan berkas data ini dienkripsi; tidak ada yang digabung.", "%[1]s is not encrypted, and this data file is; nothing was merged."},
	"error.packNotForYou":    {"Paket %[1]s dienkripsi untuk %[2]s, bukan untuk berkas data ini.", "Pack %[1]s was encrypted for %[2]s, not for this data file."},
	"error.noSupervisorKey":  {"Belum ada kunci publik supervisor: minta supervisor menjalankan siap key, lalu jalankan siap key --trust NAMA KUNCI --supervisor", "No supervisor's public key yet: ask the supervisor to run siap key, then run siap key --trust NAME KEY --supervisor"},
	"error.badPublicKey":     {"Bukan kunci publik siap (diawali age1): %[2]s", "Not a siap public key (they start with age1): %[2]s"},
	"error.notAFile":         {"%[1]s adalah folder, bukan berkas data.", "%[1]s is a folder, not a data file."},
	"error.noFile":           {"Berkas data %[1]s tidak ada.", "Data file %[1]s does not exist."},
	"error.notSiapFile":      {"%[1]s bukan berkas data siap.", "%[1]s is not a siap data file."},
	"error.newerFormat":      {"%[1]s ditulis oleh siap yang lebih baru: perbarui siap.", "%[1]s was written by a newer siap: update siap."},
	"error.permission":       {"Tidak ada izin membuka atau menulis berkas itu.", "No permission to open or write that file."},
	"error.readOnlyDisk":     {"Berkas data ada di disk hanya-baca: salin ke disk yang dapat ditulis.", "The data file is on a read-only disk: copy it to a writable disk."},
	"error.noIndicators":     {"Kuesioner ini tidak punya lembar indicators, jadi tidak ada yang diringkas: tambahkan lembar itu ke kuesioner (README menjelaskannya).", "This questionnaire has no indicators sheet, so there is nothing to summarise: add one to the questionnaire (the README says how)."},
	"error.otherForm":        {"Berkas itu memuat wawancara kuesioner lain (%[2]s); satu berkas data untuk satu studi.", "That file holds interviews of another form (%[2]s); a data file holds one study."},
	"error.notEncrypted":     {"Berkas data tidak dienkripsi, jadi tidak punya frasa sandi.", "The data file is not encrypted, so it has no passphrase."},
	"error.sameFile":         {"%[1]s adalah berkas data itu sendiri; pilih berkas lain.", "%[1]s is the data file itself; choose another file."},
	"error.unreadable":       {"Wawancara ini tidak dapat dibaca dan ditinggalkan: %[2]s; yang lain terbaca. Jalankan siap verify.", "These interviews could not be read and were left out: %[2]s; the others were read. Run siap verify."},
	"error.noForm":           {"Berkas data belum punya kuesioner.", "The data file has no questionnaire yet."},
	"error.diskFull":         {"Disk penuh: kosongkan ruang lalu coba lagi. Yang sudah tersimpan tetap aman.", "The disk is full: free some space and try again. What is saved is safe."},
	"error.cancelled":        {"Dibatalkan.", "Cancelled."},
	"error.form":             {"Kuesioner wawancara ini tidak dapat dibaca: %s", "The questionnaire of this interview cannot be read: %s"},
	"error.otherTeam":        {"Wawancara ini bukan dari tim Anda: tidak dibuka dan tidak ada yang diubah.", "This interview is not your team's: it was not opened and nothing was changed."},
	"error.other":            {"Terjadi kesalahan pada berkas data (%v).", "Something went wrong with the data file (%v)."},
	"pasteCut":               {"Terlalu panjang: hanya %d karakter pertama yang diambil.", "Too long: only the first %d characters were kept."},
	"answerCut":              {"Jawaban terlalu panjang: dipotong menjadi %d karakter.", "The answer is too long: it was cut to %d characters."},
	"narrowHint":             {"%d pilihan · ketik untuk menyaring", "%d choices · type to narrow them"},
	"narrowed":               {"Saring: %s · %d dari %d pilihan (backspace menghapus)", "Filter: %s · %d of %d choices (backspace removes)"},
	"noChoiceMatches":        {"Tidak ada pilihan yang cocok; hapus dengan backspace.", "No choice matches; remove letters with backspace."},
	"askFinalize":            {"Selesaikan wawancara ini? Setelah itu jawaban hanya dapat diubah dengan membukanya lagi, sebelum dikirim ke supervisor. (y ya / n batal)", "Finalize this interview? After that its answers can be changed only by reopening it, before it goes to the supervisor. (y yes / n cancel)"},
	"askReopen":              {"Buka lagi wawancara ini untuk diubah? Statusnya kembali menjadi draf dan dicatat. (y ya / n batal)", "Reopen this interview to change it? It becomes a draft again, and this is recorded. (y yes / n cancel)"},
	"askDiscard":             {"Buang draf ini beserta semua jawabannya? Tidak dapat dibatalkan. (y ya / n batal)", "Discard this draft and all its answers? This cannot be undone. (y yes / n cancel)"},
	"reopened":               {"Wawancara dibuka lagi sebagai draf.", "The interview is reopened as a draft."},
	"discarded":              {"Draf dibuang.", "The draft is discarded."},
	"emptyDraftGone":         {"Belum ada jawaban, jadi tidak ada draf yang disimpan.", "Nothing was answered, so no draft is kept."},
	"test.chi-square":        {"uji khi-kuadrat", "chi-square test"},
	"test.Kruskal-Wallis":    {"uji Kruskal-Wallis", "Kruskal-Wallis test"},
	"smallExpected":          {"Ada frekuensi harapan %.1f, di bawah 5: nilai p uji khi-kuadrat hanya perkiraan.", "An expected count is %.1f, below 5: the chi-square p-value is approximate."},
	"example":                {"contoh: %s", "e.g. %s"},
	"columnsShown":           {"kolom %d–%d dari %d; ← → untuk yang lain", "columns %d–%d of %d; ← → for the others"},
	"flagLegend":             {"Nomor tanda: %s", "Flag numbers: %s"},
	"saving":                 {"Menyimpan keputusan…", "Saving the decision…"},
	"simulatedIn":            {"Wawancara simulasi ikut dihitung: belum ada wawancara sungguhan.", "Simulated interviews are counted: there are no real ones yet."},
	"simulatedOut":           {"%d wawancara simulasi tidak dihitung: sudah ada wawancara sungguhan.", "%d simulated interviews are left out: there are real ones."},
	"notEncrypted":           {"Berkas ini TIDAK dienkripsi (--no-encryption): hanya untuk pelatihan", "This file is NOT encrypted (--no-encryption): for training only"},
	"publicKey":              {"Kunci publik", "Public key"},
	"packNoKey":              {"Belum ada kunci publik supervisor: minta supervisor menjalankan siap key, lalu jalankan siap key --trust NAMA KUNCI --supervisor", "No supervisor's public key yet: ask the supervisor to run siap key, then run siap key --trust NAME KEY --supervisor"},
}

// singular is the English of the texts whose first argument counts
// something, for a count of one ("1 interview exported", not "1
// interviews"); Bahasa Indonesia says both alike.
var singular = map[string]string{
	"issues":         "%d thing needs fixing before finalizing.",
	"toReview":       "%d completed interview awaits a decision",
	"exported":       "%d interview exported to %s beside the data file",
	"exportedServer": "%d interview exported to %s on the server",
	"summaryInfo":    "%d interview · by %s",
	"narrowHint":     "%d choice · type to narrow it",
	"simulatedOut":   "%d simulated interview is left out: there are real ones.",
	"syncedOthers":   " %d interview of another interviewer on this laptop not sent: it goes from its own interviewer's laptop.",
	"synced":         "Synced: %d interview sent to headquarters, %d received (approved or sent back).",
}

// code names the language as the form reader's In methods take it.
func (l Lang) code() string {
	if l == Indonesian {
		return "id"
	}
	return "en"
}

// T returns a text in the language, formatted with args when given.
func (l Lang) T(key string, args ...any) string {
	pair, ok := words[key]
	if !ok {
		return key
	}
	s := pair[l]
	if one, ok := singular[key]; ok && l == English && len(args) > 0 && args[0] == any(1) {
		s = one
	}
	if len(args) > 0 {
		return l.Sprintf(s, args...)
	}
	return s
}

// printers write numbers as people read them in each language: 1.500
// and 1,3 in Bahasa Indonesia, 1,500 and 1.3 in English (CLDR's
// conventions, from golang.org/x/text). Exports keep 1500 and 1.3, for
// machines; screens write through these.
var printers = [...]*message.Printer{
	Indonesian: message.NewPrinter(language.Indonesian),
	English:    message.NewPrinter(language.English),
}

// Sprintf is fmt.Sprintf with the numbers (%d, %.1f) in the language's
// convention.
func (l Lang) Sprintf(format string, args ...any) string {
	return printers[l].Sprintf(format, args...)
}

// figure is a number as a machine writes it: digits, perhaps a point
// and decimals.
var figure = regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)

// Number rewrites the figures in s, written for machines (2.6, 1500,
// "52% (1500)", "< 0.0001"), in the language's convention, keeping
// their decimals: 2,6, 1.500, "52% (1.500)", "< 0,0001" in Bahasa
// Indonesia.
func (l Lang) Number(s string) string {
	return figure.ReplaceAllStringFunc(s, func(f string) string {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return f
		}
		_, decimals, _ := strings.Cut(f, ".")
		return l.Sprintf("%.*f", len(decimals), x)
	})
}
