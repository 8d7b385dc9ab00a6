package simulate

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"siap/questionnaires"
)

func simulateForm(t *testing.T, src string, n int) (Tally, []Interview) {
	t.Helper()
	form, err := questionnaires.Parse("f.csv", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var tally Tally
	var ivs []Interview
	opts := Options{N: n, Seed: 3, Now: time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)}
	err = Run(form, opts, func(iv Interview) error { tally.Add(iv); ivs = append(ivs, iv); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return tally, ivs
}

// An MSNA-style form: a code written as letters then digits, an
// Indonesian phone number, and bounds that name the question itself.
func TestSimulationSatisfiesRegexAndSelfBounds(t *testing.T) {
	src := "survey,,,,\n,type,name,label,required,constraint\n" +
		",text,site_code,Site code,yes,\"regex(., '^[a-zA-Z]{3}[0-9]{2}$')\"\n" +
		",text,phone,Phone,yes,\"regex(${phone}, '^(\\+62|62|0)8[0-9]{7,11}$')\"\n" +
		",integer,muac_mm,MUAC (mm),yes,${muac_mm} >= 60 and ${muac_mm} <= 300\n" +
		",decimal,weight,Weight (kg),yes,. > 0.5 and . < 4\n" +
		",text,nin,National ID,yes,string-length(.) = 11\n" +
		",integer,phone_digits,Phone,yes,string-length(${phone_digits}) >= 9 and string-length(${phone_digits}) <= 10\n"
	tally, ivs := simulateForm(t, src, 30)
	mustComplete(t, tally, 30)
	for _, iv := range ivs {
		if len(iv.Answers["site_code"]) != 5 || iv.Answers["muac_mm"] == "" || len(iv.Answers["nin"]) != 11 {
			t.Errorf("answers %v", iv.Answers)
		}
	}
}

// mustComplete fails the test, with the simulation's report, unless all
// n interviews were completed.
func mustComplete(t *testing.T, tally Tally, n int) {
	t.Helper()
	if tally.Completed != n {
		var b strings.Builder
		tally.Report(&b)
		t.Fatalf("completed %d of %d:\n%s", tally.Completed, n, b.String())
	}
}

func TestSimulationNamesTheQuestionThatBlocked(t *testing.T) {
	src := "survey,,,,\n,type,name,label,required,constraint\n" +
		",integer,age,Age,yes,\n" +
		",integer,impossible,Impossible,yes,. > 5 and . < 3\n"
	tally, _ := simulateForm(t, src, 10)
	var b strings.Builder
	tally.Report(&b)
	want := "0 completed, 0 refused, 10 left as drafts\nthe drafts could not get past:\n  10 at impossible (survey row 4, integer): The questionnaire does not accept this answer.\n"
	if b.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", b.String(), want)
	}
}

// A required note that catches a contradiction sends the simulated
// interviewer back to the answers it names, as it would a real one.
func TestSimulationGoesBackFromAHardStop(t *testing.T) {
	src := "survey,,,,,\n,type,name,label,required,relevant\n" +
		",select_one yn,ever_pregnant,Ever pregnant?,yes,\n" +
		",select_one yn,pregnant,Pregnant now?,yes,\n" +
		",note,contradiction,Never pregnant but pregnant now: correct it,yes,${ever_pregnant} = 'no' and ${pregnant} = 'yes'\n" +
		"choices,,,,,\n,list_name,name,label,,\n,yn,yes,Yes,,\n,yn,no,No,,\n"
	tally, ivs := simulateForm(t, src, 40)
	mustComplete(t, tally, 40)
	for _, iv := range ivs {
		if iv.Answers["ever_pregnant"] == "no" && iv.Answers["pregnant"] == "yes" {
			t.Errorf("a contradiction was kept: %v", iv.Answers)
		}
	}
}

// A number that says how many times a repeat is asked ("how many
// children under five") is answered as respondents answer it, with a few,
// not with the thousands an amount may be: directly or through a
// calculation, and still within its constraint.
func TestSimulationCountsOfARepeatAreSmall(t *testing.T) {
	src := "survey,,,,,,\n,type,name,label,required,constraint,calculation,repeat_count\n" +
		",integer,children,How many children under five?,yes,,,\n" +
		",begin repeat,child,Child,,,,${children}\n" +
		",text,name,Name,yes,,,\n" +
		",integer,age_months,Age in months,yes,. >= 0 and . < 60,,\n" +
		",end repeat,,,,,,\n" +
		",integer,adults,How many adults?,yes,. >= 1,,\n" +
		",calculate,others,,,,${adults} - 1,\n" +
		",begin repeat,adult,Adult,,,,${others}\n" +
		",text,adult_name,Name,yes,,,\n" +
		",end repeat,,,,,,\n"
	tally, ivs := simulateForm(t, src, 40)
	mustComplete(t, tally, 40)
	for _, iv := range ivs {
		for _, q := range []string{"children", "adults"} {
			k, err := strconv.Atoi(iv.Answers[q])
			if err != nil || k < 0 || k > 10 {
				t.Errorf("%s = %q; want a count of a few", q, iv.Answers[q])
			}
		}
		if iv.Answers["adults"] == "0" {
			t.Errorf("adults = 0 against its constraint . >= 1")
		}
	}
}

// A repeat_count written as a path, from the context node (../size, as
// ODK forms nest a roster in a household) or from the document
// (/data/adults), marks its question as a count as ${name} does.
func TestSimulationCountsWrittenAsPaths(t *testing.T) {
	src := "survey,,,,,\n,type,name,label,required,repeat_count\n" +
		",integer,adults,How many adults?,yes,\n" +
		",begin repeat,adult,Adult,,/data/adults\n" +
		",text,adult_name,Name,yes,\n" +
		",end repeat,,,,\n" +
		",begin repeat,hh,Household,,2\n" +
		",integer,size,How many members?,yes,\n" +
		",begin repeat,member,Member,,../size\n" +
		",text,member_name,Name,yes,\n" +
		",end repeat,,,,\n" +
		",end repeat,,,,\n"
	tally, ivs := simulateForm(t, src, 30)
	mustComplete(t, tally, 30)
	for _, iv := range ivs {
		for q, v := range iv.Answers {
			if q != "adults" && !strings.HasSuffix(q, "/size") {
				continue
			}
			if k, err := strconv.Atoi(v); err != nil || k < 0 || k > 10 {
				t.Errorf("%s = %q; want a count of a few", q, v)
			}
		}
	}
}

// A constraint that allows a range or a code ("between 45.5 and 46.5 cm,
// or -1 if it could not be measured") is met, with measurements rather
// than the code.
func TestSimulationMeetsAConstraintOfAlternatives(t *testing.T) {
	src := "survey,,,,\n,type,name,label,required,constraint\n" +
		",decimal,head,Head circumference (cm),yes,(. >= 45.5 and . <= 46.5) or . = -1\n" +
		",integer,visits,Visits,yes,\"${visits} = 88 or (${visits} >= 300 and ${visits} <= 302)\"\n"
	tally, ivs := simulateForm(t, src, 30)
	mustComplete(t, tally, 30)
	codes := 0
	for _, iv := range ivs {
		if iv.Answers["head"] == "-1" {
			codes++
		}
	}
	if codes > 3 {
		t.Errorf("%d of 30 heads are the code -1, not measurements", codes)
	}
}
