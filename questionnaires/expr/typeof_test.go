package expr

import "testing"

func TestTypeOf(t *testing.T) {
	refs := map[string]Type{"age": {Kind: Number, Whole: true}, "weight": {Kind: Number}, "name": {Kind: String}}
	ref := func(n string) (Type, bool) { t, ok := refs[n]; return t, ok }
	tests := []struct {
		src  string
		want Type
	}{
		{"(${age} > 17) + (${name} != '')", Type{Kind: Number, Whole: true}},
		{"${age} * 2", Type{Kind: Number, Whole: true}},
		{"${age} div 2", Type{Kind: Number}},
		{"${weight} + 1", Type{Kind: Number}},
		{"round(${weight})", Type{Kind: Number, Whole: true}},
		{"round(${weight}, 2)", Type{Kind: Number}},
		{"count-selected(${name})", Type{Kind: Number, Whole: true}},
		{"if(${age} > 0, ${age} * 2, '')", Type{Kind: Number, Whole: true}},
		{"if(${age} > 0, 'adult', 'child')", Type{Kind: String}},
		{"if(${age} > 0, 1, 'none')", Type{Kind: String}},
		{"coalesce(${weight}, 0)", Type{Kind: Number}},
		{"concat(${name}, '!')", Type{Kind: String}},
		{"${name}", Type{Kind: String}},
		{"${unknown} + 1", Type{Kind: Number}},
		{"${age} > 3", Type{Kind: Bool}},
		{"today() + 7", Type{Kind: Date}},
		{"-${age}", Type{Kind: Number, Whole: true}},
		{"sum(${age})", Type{Kind: Number, Whole: true}},
		{"1.5", Type{Kind: Number}},
		{"once(${weight})", Type{Kind: Number}},
	}
	for _, tt := range tests {
		e, err := Parse(tt.src)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if got := e.TypeOf(ref); got != tt.want {
			t.Errorf("TypeOf(%s) = %+v, want %+v", tt.src, got, tt.want)
		}
	}
}
