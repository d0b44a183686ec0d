package gm201

import (
	"fmt"
	"strings"
	"time"
)

type point struct{ x, y int }

type node struct{ next *node }

// Every element is asserted to int; every caller passes ints.
func sum(xs ...any) int { // want "GM201: xs only ever holds int: use \\.\\.\\.int or a type parameter"
	s := 0
	for _, x := range xs {
		s += x.(int)
	}
	return s
}

// Index expressions, len and a nil check are all the slice is used for.
func joinAll(parts []any) string { // want "GM201: parts only ever holds string: use \\[\\]string or a type parameter"
	if parts == nil || len(parts) == 0 {
		return ""
	}
	var b strings.Builder
	for i := range parts {
		b.WriteString(parts[i].(string))
	}
	return b.String()
}

// The comma-ok form, with a slice the caller builds in a loop.
func countPositive(vals []any) int { // want "GM201: vals only ever holds int: use \\[\\]int"
	n := 0
	for _, v := range vals {
		if i, ok := v.(int); ok && i > 0 {
			n++
		}
	}
	return n
}

// A type switch with one type case.
func longest(items []interface{}) int { // want "GM201: items only ever holds string"
	best := 0
	for _, it := range items {
		switch s := it.(type) {
		case string:
			if len(s) > best {
				best = len(s)
			}
		}
	}
	return best
}

// A type switch whose default clause does not touch the boxed value.
func totalDuration(ds ...any) time.Duration { // want "GM201: ds only ever holds time.Duration: use \\.\\.\\.time.Duration"
	var total time.Duration
	for _, d := range ds {
		switch d := d.(type) {
		case time.Duration:
			total += d
		default:
			return 0
		}
	}
	return total
}

// A map read by key.
func port(conf map[string]any) int { // want "GM201: conf only ever holds int values: use map\\[string\\]int or a type parameter"
	if _, ok := conf["port"]; !ok {
		return 80
	}
	return conf["port"].(int)
}

// A map ranged over, filled by the caller with float64 values.
func mean(samples map[string]any) float64 { // want "GM201: samples only ever holds float64 values: use map\\[string\\]float64"
	s := 0.0
	for _, v := range samples {
		s += v.(float64)
	}
	return s / float64(len(samples))
}

// Pointers are not boxed, but every use still pays for an assertion.
func chainLength(nodes ...any) int { // want "GM201: nodes only ever holds \\*node"
	n := 0
	for _, x := range nodes {
		for p := x.(*node); p != nil; p = p.next {
			n++
		}
	}
	return n
}

// A struct element type; the assertion sits inside a closure.
func bounds(pts []interface{}) (int, int) { // want "GM201: pts only ever holds point: use \\[\\]point"
	maxX, maxY := 0, 0
	visit := func(i int) {
		p := pts[i].(point)
		if p.x > maxX {
			maxX = p.x
		}
		if p.y > maxY {
			maxY = p.y
		}
	}
	for i := range pts {
		visit(i)
	}
	return maxX, maxY
}

// A result filled with strings only, read back as strings by every caller.
func words(ws []string) []any { // want "GM201: the result of words only ever holds string: use \\[\\]string"
	var out []any
	for _, w := range ws {
		out = append(out, w)
	}
	return out
}

// A named result filled by index.
func squares(n int) (sq []any) { // want "GM201: sq only ever holds int: use \\[\\]int"
	sq = make([]any, n)
	for i := 0; i < n; i++ {
		sq[i] = i * i
	}
	return sq
}

// A map result from a literal.
func defaults() map[string]any { // want "GM201: the result of defaults only ever holds int values: use map\\[string\\]int"
	return map[string]any{"retries": 3, "timeout": 30}
}

type registry struct{ names []string }

// An unexported method, called on a value of its type.
func (r *registry) add(names ...any) { // want "GM201: names only ever holds string: use \\.\\.\\.string"
	for _, n := range names {
		r.names = append(r.names, n.(string))
	}
}

// The parameter slice is written with values of the same type.
func bump(counts []any) { // want "GM201: counts only ever holds int"
	for i := range counts {
		counts[i] = counts[i].(int) + 1
	}
}

func callers() {
	fmt.Println(sum(1, 2, 3), sum())
	fmt.Println(joinAll([]any{"a", "b"}), joinAll(nil))
	vals := make([]any, 0, 8)
	for i := -3; i < 3; i++ {
		vals = append(vals, i)
	}
	fmt.Println(countPositive(vals))
	fmt.Println(longest([]interface{}{"x", "yy"}))
	start := time.Now()
	var second time.Duration = 1e9
	fmt.Println(totalDuration(time.Since(start), second))
	fmt.Println(port(map[string]any{"port": 8080}))
	samples := map[string]any{}
	samples["a"] = 1.5
	samples["b"] = float64(2)
	fmt.Println(mean(samples))
	fmt.Println(chainLength(&node{}, &node{next: &node{}}))
	fmt.Println(bounds([]interface{}{point{1, 2}, point{3, 0}}))
	for _, w := range words([]string{"a", "b"}) {
		fmt.Println(strings.ToUpper(w.(string)))
	}
	sq := squares(4)
	fmt.Println(sq[3].(int), len(sq))
	d := defaults()
	fmt.Println(d["retries"].(int))
	var r registry
	r.add("x", "y")
	counts := []any{1, 2}
	bump(counts)
	fmt.Println(counts[0].(int))
}
