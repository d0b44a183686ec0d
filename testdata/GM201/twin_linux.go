//go:build linux

package gm201

// Declared once per platform: only one of the bodies is judged at a time, so neither is.
func platformTotal(xs ...any) int {
	s := 0
	for _, x := range xs {
		s += x.(int)
	}
	return s
}
