package model

import "testing"

func TestResultURL(t *testing.T) {
	for _, c := range []struct{ base, race, want string }{
		{"http://192.168.1.10:8080", "10k", "http://192.168.1.10:8080/r/10k/17"},
		{"http://192.168.1.10:8080/", "Kids run", "http://192.168.1.10:8080/r/Kids%20run/17"},
		{"", "10k", ""},
	} {
		if got := ResultURL(c.base, c.race, 17); got != c.want {
			t.Errorf("ResultURL(%q, %q) = %q, want %q", c.base, c.race, got, c.want)
		}
	}
}
