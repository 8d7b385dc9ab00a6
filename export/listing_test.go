package export

import (
	"reflect"
	"testing"
	"time"

	"siap/questionnaires"
	"siap/store"
)

const listingForm = `survey,,,,
,type,name,label,calculation
,start,start,,
,select_one city,city,City,
,integer,age,Age,
,calculate,older,,${age} + 1
,text,remark,Remark,
,begin_repeat,members,Members,
,text,mname,Name,
,end_repeat,,,
choices,,,,
,list_name,name,label,
,city,kupang,Kupang,
,city,medan,Medan,
settings,,,,
,form_id,summary_by,,
,listing,city,,
`

// TestListedFromFactsAgreesWithAScan writes interviews as the interview
// screen does (answers given, changed and removed one save at a time, a
// roster member added then removed, closed and reopened, completed) and
// checks that what a list shows of them, read from the facts each write
// kept, is what a scan of every answer and paradata finds, and that
// siap verify finds the facts those of the interviews whole.
func TestListedFromFactsAgreesWithAScan(t *testing.T) {
	form, err := questionnaires.Parse("listing.csv", []byte(listingForm), nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, key, ix := indexedStore(t, form, &now)
	set := func(p, v string) store.Change { return store.Change{Path: p, Value: v} }
	removed := func(p string) store.Change { return store.Change{Path: p, Removed: true} }
	tests := []struct {
		name  string
		start string // the start metadata ("" for none)
		saves [][]store.Change
		done  bool
		want  Listed // Start and Minutes aside
	}{
		{"answers given one at a time", "2026-11-20T16:00:00.000+07:00",
			[][]store.Change{{set("city", "kupang")}, {set("age", "40"), set("older", "41")}, {set("remark", "ok")}}, true,
			Listed{Answered: 3, By: "kupang"}},
		{"an answer changed and one removed", "2026-11-20T17:00:00.000+07:00",
			[][]store.Change{{set("city", "kupang")}, {set("city", "medan")}, {set("remark", "x")}, {removed("remark")}, {set("age", "30")}}, false,
			Listed{Answered: 2, By: "medan"}},
		{"a roster member added then removed", "",
			[][]store.Change{{set("city", "medan")}, {set("members[#]", "2"), set("members[1]/mname", "Ani"), set("members[2]/mname", "Budi")}, {set("members[#]", "1"), removed("members[2]/mname")}}, true,
			Listed{Answered: 2, By: "medan"}},
		{"nothing answered but the start", "2026-11-20T18:00:00.000+07:00", nil, false, Listed{}},
	}
	var ids []string
	for _, tt := range tests {
		var first []store.Change
		if tt.start != "" {
			first = append(first, set("start", tt.start))
		}
		iv, err := st.Create(store.Interview{FormKey: key, FormID: form.ID, Interviewer: "ani", Created: now}, first)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, iv.ID)
		if err := st.Log(iv.ID, store.Event{Kind: store.EventOpened}); err != nil {
			t.Fatal(err)
		}
		for i, changes := range tt.saves {
			now = now.Add(time.Minute)
			if err := st.Save(iv.ID, changes, store.Event{Kind: store.EventShown, Path: "remark"}); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				// Closed after the first answer, reopened an hour later.
				if err := st.Log(iv.ID, store.Event{Kind: store.EventClosed}); err != nil {
					t.Fatal(err)
				}
				now = now.Add(time.Hour)
				if err := st.Log(iv.ID, store.Event{Kind: store.EventOpened}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if tt.done {
			if err := st.SetStatus(iv.ID, store.Completed, "ani", ""); err != nil {
				t.Fatal(err)
			}
		}
		now = now.Add(time.Minute)
	}
	listed := func() ([]string, map[string]Listed) {
		t.Helper()
		var order []string
		out := map[string]Listed{}
		err := EachListed(st, form, func(iv store.Interview, l Listed) error {
			order = append(order, iv.ID)
			out[iv.ID] = l
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return order, out
	}
	if r, err := st.Verify(); err != nil || len(r.Problems) > 0 {
		t.Fatalf("verify: %v %v", err, r.Problems)
	}
	order, kept := listed()
	if err := st.SetIndexer(otherKey{ix}, nil); err != nil {
		t.Fatal(err)
	}
	scannedOrder, scanned := listed()
	if !reflect.DeepEqual(order, ids) || !reflect.DeepEqual(scannedOrder, ids) {
		t.Errorf("order from the facts %v, from a scan %v; want the order of arrival %v", order, scannedOrder, ids)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, whole := kept[ids[i]], scanned[ids[i]]
			if !got.Start.Equal(whole.Start) || got.Minutes != whole.Minutes || got.Answered != whole.Answered || got.By != whole.By {
				t.Errorf("from the facts %+v, from a scan %+v", got, whole)
			}
			if got.Answered != tt.want.Answered || got.By != tt.want.By {
				t.Errorf("answered %d in %q, want %d in %q", got.Answered, got.By, tt.want.Answered, tt.want.By)
			}
			if tt.start != "" {
				want, _ := time.Parse("2006-01-02T15:04:05.000-07:00", tt.start)
				if !got.Start.Equal(want) {
					t.Errorf("started %v, want the start metadata %v", got.Start, want)
				}
			}
			if got.Minutes > 30 {
				t.Errorf("lasts %.1f minutes: the hour it was closed counts", got.Minutes)
			}
		})
	}
}
