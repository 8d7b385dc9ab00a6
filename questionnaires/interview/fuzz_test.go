package interview

import (
	"testing"

	"siap/questionnaires"
)

// FuzzInterview walks any form the reader accepts through the engine,
// answering every stop with a few kinds of value, and asks for what the
// screens and exports ask for: no form may make the engine panic.
func FuzzInterview(f *testing.F) {
	f.Add([]byte("survey,,,,\n,type,name,label,relevant\n,integer,a,A,\n,select_one yn,b,B,${a} > 1\nchoices,,,,\n,list_name,name,label,\n,yn,1,Yes,\n,yn,2,No,\n"))
	f.Add([]byte("survey,,,,\n,type,name,label,repeat_count\n,integer,n,N,\n,begin repeat,r,R,${n}\n,text,t,T,\n,calculate,c,,\n,end repeat,,,\n"))
	f.Add([]byte("survey,,,,\n,type,name,label,calculation\n,calculate,x,,indexed-repeat(${t}, ${r}, 1)\n,begin repeat,r,R,\n,text,t,T,\n,end repeat,,,\n"))
	f.Add([]byte("survey,,,,\n,type,name,label,calculation\n,begin repeat,m,M,\n,integer,age,Age,\n,calculate,p,,position(..) + count(../*)\n,end repeat,,,\n,calculate,n,,count(/data/m[age > 17]) + sum(${m}[2]/age)\n,calculate,l,,instance('yn')/root/item[name = current()/../n]/label\nchoices,,,,\n,list_name,name,label,\n,yn,1,Yes,\n"))
	f.Add([]byte("survey,,,,\n,type,name,label,relevant\n,select_multiple yn,b,B,\n,begin loop over yn,lp,L,\n,integer,k,K %(label)s,\"selected(${b}, '%(name)s')\"\n,end loop,,,\n,note,r,Last ${last-saved#b},${last-saved#b} != ''\nchoices,,,,\n,list_name,name,label,\n,yn,1,Yes,\n,yn,2,No,\n"))
	// Relative paths, current() and predicates inside a repeat, markup in
	// labels, a required note that stops the interview.
	f.Add([]byte("survey,,,,,,\n,type,name,label,relevant,calculation,required\n,begin repeat,m,**Member** ${name},,,\n,text,name,<span style=\"color:red\">Name</span>,,,\n,integer,age,# Age of ${name},,,\n,integer,older,Older than ${name},../age > 1,,\n,calculate,rank,,,count(../../m[age > current()/../age]) + 1,\n,note,stop,*Too old*,../age > 120,,yes\n,end repeat,,,,,\n,calculate,adults,,,count(/data/m[age >= 18][position() <= 3]),\n"))
	f.Add(questionnaires.ShippedSource())
	values := []string{"1", "2", "", "abc", "-5", "2024-08-17", "1 2", "99999999999"}
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := questionnaires.Parse("f.csv", data, nil)
		if err != nil {
			return
		}
		s := New(form, Meta{Now: fixedNow, LastSaved: map[string]string{"b": "1"}})
		it := s.First()
		for steps := 0; it != nil && steps < 200; steps++ {
			_ = s.Label(it)
			_ = s.Hint(it)
			_ = s.Options(it)
			_ = s.Display(it)
			_ = s.Unusual(it)
			if it.Prompt {
				if steps%3 == 0 {
					s.AddInstance(it.RepeatPath)
				}
			} else if it.Node.Kind == questionnaires.Question {
				for _, v := range values[steps%len(values):] {
					if s.Set(it.Path, v) == nil {
						break
					}
				}
			}
			it = s.Next(it.Path)
		}
		_ = s.Issues()
		_ = s.Values()
		_ = s.Sections()
		_ = s.InstanceName()
		r := Restore(form, Meta{Now: fixedNow}, s.Answers())
		_ = r.Values()
	})
}
