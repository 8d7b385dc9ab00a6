package interview

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"siap/questionnaires"
)

// The shapes a date or a time of day may be typed in: year first as ISO
// writes it (2024-08-17), or day first as Indonesians write it
// (17/08/2024, 17-8-2024); a time as 14:30, 14.30 or 14:30:05.
var (
	yearFirst = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$`)
	dayFirst  = regexp.MustCompile(`^([0-9]{1,2})([/-])([0-9]{1,2})([/-])([0-9]{4})$`)
	timeOfDay = regexp.MustCompile(`^([0-9]{1,2})([:.])([0-9]{2})(?:([:.])([0-9]{2}))?$`)
)

// monthNames name the months in Bahasa Indonesia and English, for
// messages about a day the month does not have.
var monthNames = [2][12]string{
	{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// readDate reads a typed date. A date in a shape siap reads that names a
// month or a day that does not exist (2025-02-30) is refused as such, not
// as a date typed the wrong way; refused is the message key and args
// its arguments.
func (s *State) readDate(v string) (t time.Time, refused string, args []any) {
	var y, m, d int
	if g := yearFirst.FindStringSubmatch(v); g != nil {
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else if g := dayFirst.FindStringSubmatch(v); g != nil && g[2] == g[4] {
		d, m, y = atoi(g[1]), atoi(g[3]), atoi(g[5])
	} else {
		return time.Time{}, "date", nil
	}
	if m < 1 || m > 12 {
		return time.Time{}, "noSuchMonth", []any{m}
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return time.Time{}, "noSuchDay", []any{s.monthName(m), y, days}
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), "", nil
}

// readTime reads a typed time of day as hours, minutes and seconds; a
// time in a shape siap reads that does not exist (25:00, 14:75) is
// refused as such.
func readTime(v string) (h, m, sec int, refused string) {
	g := timeOfDay.FindStringSubmatch(v)
	if g == nil || g[4] != "" && g[4] != g[2] {
		return 0, 0, 0, "time"
	}
	h, m = atoi(g[1]), atoi(g[3])
	if g[5] != "" {
		sec = atoi(g[5])
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, 0, 0, "noSuchTime"
	}
	return h, m, sec, ""
}

// readDateTime reads a typed date and time of day, separated by a space
// or a T; what is refused is said of the date or of the time.
func (s *State) readDateTime(v string) (t time.Time, refused string, args []any) {
	i := strings.IndexAny(v, " T")
	if i < 0 {
		return time.Time{}, "datetime", nil
	}
	day, refused, args := s.readDate(v[:i])
	if refused == "date" {
		return time.Time{}, "datetime", nil
	}
	if refused != "" {
		return time.Time{}, refused, args
	}
	h, m, sec, refused := readTime(strings.TrimSpace(v[i+1:]))
	if refused == "time" {
		return time.Time{}, "datetime", nil
	}
	if refused != "" {
		return time.Time{}, refused, nil
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, sec, 0, time.Local), "", nil
}

// monthName is the name of month m (1 to 12) in the interview's
// language.
func (s *State) monthName(m int) string {
	if questionnaires.IsIndonesian(s.messageLanguage()) {
		return monthNames[0][m-1]
	}
	return monthNames[1][m-1]
}

// atoi reads digits a pattern has matched.
func atoi(digits string) int {
	n, _ := strconv.Atoi(digits)
	return n
}
