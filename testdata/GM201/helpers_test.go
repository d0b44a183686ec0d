package gm201

import "testing"

// Exported, but in a test file: every caller is in the package (none in gm201_test here).
func Concat(parts ...any) string { // want "GM201: parts only ever holds string: use \\.\\.\\.string"
	s := ""
	for _, p := range parts {
		s += p.(string)
	}
	return s
}

// Called with strings by the package and with an int by its test: not one type.
func label(parts ...any) string {
	s := ""
	for _, p := range parts {
		if str, ok := p.(string); ok {
			s += str
		}
	}
	return s
}

type collector struct{ got []string }

// An exported method: even in a test file it may implement another package's interface.
func (c *collector) Collect(vals ...any) {
	for _, v := range vals {
		c.got = append(c.got, v.(string))
	}
}

func TestHelpers(t *testing.T) {
	var c collector
	c.Collect("a")
	if Concat("a", "b") != "ab" || label("a", 1) != "a" {
		t.Fatal("unexpected")
	}
	go Concat("c")
	defer Concat()
}
