package export

import (
	"strconv"
	"testing"
	"time"

	"siap/questionnaires"
	"siap/questionnaires/interview"
	"siap/store"
)

// longName is a question name longer than Stata's 32 characters and
// SPSS's 64 bytes.
const longName = "main_reasons_the_household_migrated_to_the_city_in_the_last_five_years"

// awkwardForm is what real forms do that trips analysts' tools: negative
// codes for refused and don't know, text codes, a Likert scale, a
// dummy that would take a question's name (fruit_apple), a name longer
// than Stata and SPSS allow, calculations that count, divide and are
// skipped, a phone number with its leading 0, and a repeat inside a
// group inside a repeat.
const awkwardForm = "survey,,,,,,,\n" +
	",type,name,label,appearance,calculation,relevant,bind::type\n" +
	",begin group,hh,Household,,,,\n" +
	",select_one yn,answer_code,Is there water?,,,,\n" +
	",integer,hh_size,People,,,,\n" +
	",text," + longName + ",Why did you move?,,,,\n" +
	",select_multiple fruit,fruit,Fruit eaten,,,,\n" +
	",text,fruit_apple,Which apple?,,,,\n" +
	",select_one agree,satisfaction,Satisfied?,likert,,,\n" +
	",select_one town,town,Town,,,,\n" +
	",text,phone,Phone,,,,\n" +
	",calculate,conditions,,,(${answer_code} = 1) + (${hh_size} > 3),,\n" +
	",calculate,share,,,${hh_size} div 3,,\n" +
	",calculate,skipped,,,\"if(${hh_size} > 100, ${hh_size} * 2, '')\",,\n" +
	",calculate,declared,,,\"concat('4', '2')\",,int\n" +
	",end group,,,,,,\n" +
	",begin repeat,members,Member,,,,\n" +
	",text,mname,Name,,,,\n" +
	",integer,mage,Age,,,,\n" +
	",begin group,contact,Contact,,,,\n" +
	",begin repeat,phones,Phone,,,,\n" +
	",text,phone_no,Number,,,,\n" +
	",select_one yn,phone_works,Works?,,,,\n" +
	",end repeat,,,,,,\n" +
	",end group,,,,,,\n" +
	",end repeat,,,,,,\n" +
	"choices,,,\n,list_name,name,label\n" +
	",yn,1,Yes\n,yn,2,No\n,yn,-98,Don't know\n,yn,-99,Refused\n" +
	",fruit,apple,Apple\n,fruit,banana,Banana\n" +
	",agree,1,Disagree\n,agree,2,Neutral\n,agree,3,Agree\n" +
	",town,north,North 'Hill'\n,town,south,South\n"

// awkwardFile makes a data file of awkwardForm with three completed
// interviews: 2, 1 and 0 members, the first member with two phones.
func awkwardFile(t testing.TB) (*store.Store, *questionnaires.Form) {
	t.Helper()
	st, form, key := formFile(t, awkwardForm)
	type answer struct{ path, value string }
	interviews := [][]answer{
		{{"answer_code", "-99"}, {"hh_size", "5"}, {longName, "work"}, {"fruit", "apple"}, {"fruit_apple", "green"},
			{"satisfaction", "3"}, {"town", "north"}, {"phone", "081234567890"},
			{"members+", ""}, {"members[1]/mname", "Ani"}, {"members[1]/mage", "40"},
			{"members[1]/phones+", ""}, {"members[1]/phones[1]/phone_no", "0811111111"}, {"members[1]/phones[1]/phone_works", "1"},
			{"members[1]/phones+", ""}, {"members[1]/phones[2]/phone_no", "0822222222"}, {"members[1]/phones[2]/phone_works", "-98"},
			{"members+", ""}, {"members[2]/mname", "Budi"}, {"members[2]/mage", "9"}},
		{{"answer_code", "1"}, {"hh_size", "2"}, {"fruit", "banana"}, {"satisfaction", "1"}, {"town", "south"}, {"phone", "0899"},
			{"members+", ""}, {"members[1]/mname", "Citra"}, {"members[1]/mage", "61"}},
		{{"answer_code", "-98"}, {"hh_size", "4"}, {"satisfaction", "2"}},
	}
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for i, answers := range interviews {
		s := interview.New(form, interview.Meta{})
		for _, a := range answers {
			var err error
			if len(a.path) > 0 && a.path[len(a.path)-1] == '+' {
				_, err = s.AddInstance(a.path[:len(a.path)-1])
			} else {
				err = s.Set(a.path, a.value)
			}
			if err != nil {
				t.Fatalf("interview %d, %s: %v", i+1, a.path, err)
			}
		}
		stored := map[string]store.Answer{}
		for p, v := range s.Answers() {
			stored[p] = store.Answer{Value: v, Changed: t0}
		}
		at := t0.Add(time.Duration(i) * time.Hour)
		_, err := st.Import(store.Records(store.Record{
			Interview: store.Interview{ID: "uuid:00000000-0000-0000-0000-00000000000" + strconv.Itoa(i+1), FormKey: key, FormID: form.ID,
				Interviewer: "Ani", Status: store.Completed, Created: at, Updated: at.Add(30 * time.Minute)},
			Answers: stored,
		}))
		if err != nil {
			t.Fatal(err)
		}
	}
	return st, form
}
