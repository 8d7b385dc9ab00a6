package interview

import (
	"fmt"

	"siap/questionnaires"
)

// messages are siap's own words for answers a form refuses, in Bahasa
// Indonesia and English.
var messages = map[string][2]string{
	"required":     {"Pertanyaan ini wajib dijawab.", "This question needs an answer."},
	"requiredNote": {"Catatan ini menghentikan wawancara: kembali dan perbaiki jawaban sebelumnya.", "This note stops the interview: go back and correct the answers before it."},
	"constraint":   {"Jawaban ini tidak diterima oleh kuesioner.", "The questionnaire does not accept this answer."},
	"integer":      {"Masukkan bilangan bulat, misalnya 42.", "Enter a whole number, such as 42."},
	"tooLarge":     {"Angka terlalu besar.", "The number is too large."},
	"decimal":      {"Masukkan angka, misalnya 2,5 atau 1.500.", "Enter a number, such as 2.5 or 1,500."},
	"notOther":     {"%s (bukan %s)", "%s (not %s)"},
	"range":        {"Masukkan angka dari %s sampai %s.", "Enter a number from %s to %s."},
	"step":         {"Angka harus kelipatan %s.", "The number must go in steps of %s."},
	"date":         {"Masukkan tanggal sebagai TTTT-BB-HH (2024-08-17) atau HH/BB/TTTT.", "Enter a date as YYYY-MM-DD (2024-08-17) or DD/MM/YYYY."},
	"time":         {"Masukkan jam sebagai JJ:MM, misalnya 14:30.", "Enter a time as HH:MM, such as 14:30."},
	"noSuchMonth":  {"Tanggal itu tidak ada: bulan %d tidak ada (bulan 1 sampai 12).", "That date does not exist: there is no month %d (months go from 1 to 12)."},
	"noSuchDay":    {"Tanggal itu tidak ada: %s %d hanya punya %d hari.", "That date does not exist: %s %d has %d days."},
	"noSuchTime":   {"Jam itu tidak ada: jam 0 sampai 23, menit dan detik 0 sampai 59.", "That time does not exist: hours go from 0 to 23, minutes and seconds from 0 to 59."},
	"datetime":     {"Masukkan tanggal dan jam sebagai TTTT-BB-HH JJ:MM.", "Enter a date and time as YYYY-MM-DD HH:MM."},
	"choice":       {"%q bukan pilihan yang tersedia.", "%q is not one of the choices."},
	"exclusive":    {"%q tidak dapat digabung dengan jawaban lain.", "%q cannot be combined with other answers."},
	"phone":        {"Masukkan nomor telepon: angka saja, boleh diawali +.", "Enter a phone number: digits only, + allowed at the start."},
	"readOnly":     {"Pertanyaan ini hanya dapat dibaca.", "This question cannot be changed."},
	"notQuestion":  {"Di sini tidak ada pertanyaan untuk dijawab.", "There is no question to answer here."},
	"unusual":      {"Jawaban tidak biasa (biasanya %s). Periksa lagi dengan responden.", "An unusual answer (usually %s). Check it with the respondent."},
	"notRepeat":    {"Kelompok ini tidak dapat ditambah atau dihapus.", "Instances of this group cannot be added or removed."},
}

// msg returns one of siap's messages in the interview's language.
func (s *State) msg(key string, args ...any) string {
	pair := messages[key]
	m := pair[1]
	if questionnaires.IsIndonesian(s.messageLanguage()) {
		m = pair[0]
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// messageLanguage is the language of siap's own messages: the
// interview's when it is Indonesian or English, else the interface's.
func (s *State) messageLanguage() string {
	lang := s.lang
	if !questionnaires.IsIndonesian(lang) && !questionnaires.IsEnglish(lang) && s.siapLang != "" {
		lang = s.siapLang
	}
	return lang
}

// text returns the form's own message in the interview's language, with
// ${...} filled in, or siap's message key when the form has none.
func (s *State) text(it *Item, t questionnaires.Text, fallback string) string {
	if m := t.In(s.lang, s.form.DefaultLanguage); m != "" {
		return s.fill(it, m)
	}
	return s.msg(fallback)
}
