package gm201

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Heterogeneous: the elements are used as different types.
func describePair(kv []any) string {
	return kv[0].(string) + "=" + fmt.Sprint(kv[1].(int))
}

// fmt-style: the values are passed on as any.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format, args...)
}

// fmt-style again, element by element.
func printAll(vals ...any) {
	for _, v := range vals {
		fmt.Println(v)
	}
}

// Generic functions whose constraint is any: the result holds T, not a known type.
func boxAll[T any](xs []T) []any {
	out := make([]any, 0, len(xs))
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

func firstAs[T any](xs []any) T {
	return xs[0].(T)
}

// An interface of the package dictates the signature.
type summer interface {
	total(xs ...any) int
}

type intSummer struct{}

func (intSummer) total(xs ...any) int {
	s := 0
	for _, x := range xs {
		s += x.(int)
	}
	return s
}

// A well-known interface (testing.TB and friends) dictates the signature.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, format+args[0].(string))
}

// heap.Interface: Push takes one any, not a slice.
type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Decoded data: the map comes from json.Unmarshal.
func stringField(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// Decoded data: the slice is asserted out of a decoded value by the caller.
func toStrings(raw []any) []string {
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		out = append(out, r.(string))
	}
	return out
}

// Used as a function value: the signature is dictated by reduce's parameter.
func sumInts(vals ...any) any {
	s := 0
	for _, v := range vals {
		s += v.(int)
	}
	return s
}

func reduce(f func(...any) any, vals ...any) any { return f(vals...) }

// No caller in the package: nothing says what callers pass.
func unusedSum(xs []any) int {
	s := 0
	for _, x := range xs {
		s += x.(int)
	}
	return s
}

// Exported: callers in other packages are not visible.
func Product(xs ...any) int {
	p := 1
	for _, x := range xs {
		p *= x.(int)
	}
	return p
}

// An element compared to nil: the slice holds nils too.
func countNonNil(xs []any) int {
	n := 0
	for _, x := range xs {
		if x == nil {
			continue
		}
		n += x.(int)
	}
	return n
}

// Comma-ok, but the failing element is passed on as any.
func mustInts(xs []any) ([]int, error) {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		i, ok := x.(int)
		if !ok {
			return nil, fmt.Errorf("not an int: %v", x)
		}
		out = append(out, i)
	}
	return out, nil
}

// A type switch with two type cases.
func size(xs []any) int {
	n := 0
	for _, x := range xs {
		switch v := x.(type) {
		case string:
			n += len(v)
		case []byte:
			n += len(v)
		}
	}
	return n
}

// A type switch whose default clause uses the boxed value.
func width(xs []any) (int, error) {
	n := 0
	for _, x := range xs {
		switch v := x.(type) {
		case string:
			n += len(v)
		default:
			return 0, fmt.Errorf("unexpected %T", v)
		}
	}
	return n, nil
}

// Re-sliced and passed on.
func sumRec(xs ...any) int {
	if len(xs) == 0 {
		return 0
	}
	return xs[0].(int) + sumRec(xs[1:]...)
}

// Passed whole to another function.
func checkThenPrint(xs []any) {
	_ = xs[0].(int)
	printAll(xs...)
}

// A result passed on as any by its caller.
func queryArgs(id int, name string) []any {
	return []any{id, name}
}

func nameArgs(names []string) []any {
	args := make([]any, 0, len(names))
	for _, n := range names {
		args = append(args, n)
	}
	return args
}

// A result that a caller marshals.
func labelValues(ls []string) []any {
	var out []any
	for _, l := range ls {
		out = append(out, l)
	}
	return out
}

// An interface assertion: []fmt.Stringer would box just the same.
func joinStringers(xs []any) string {
	var b strings.Builder
	for _, x := range xs {
		b.WriteString(x.(fmt.Stringer).String())
	}
	return b.String()
}

func firstError(xs ...any) error {
	for _, x := range xs {
		if err, ok := x.(error); ok {
			return err
		}
	}
	return nil
}

// A caller passes a value of another type.
func double(xs ...any) int {
	return 2 * xs[0].(int)
}

// A caller's slice is also passed on as any.
func count(xs []any) int {
	n := 0
	for i := range xs {
		n += xs[i].(int)
	}
	return n
}

// The caller's map holds other types under other keys: reading one key proves nothing.
func retries(opts map[string]any) int {
	n, _ := opts["retries"].(int)
	return n
}

// The address of an element escapes.
func setFirst(xs []any) *any {
	_ = xs[0].(int)
	return &xs[0]
}

// An element written with another type.
func reset(xs []any) {
	_ = xs[0].(int)
	xs[0] = "none"
}

// A caller passes its own parameter through.
func innerSum(xs []any) int {
	s := 0
	for _, x := range xs {
		s += x.(int)
	}
	return s
}

func outerSum(xs []any) int { return innerSum(xs) }

// A method value escapes.
type bag struct{ n int }

func (b *bag) put(xs ...any) {
	for _, x := range xs {
		b.n += x.(int)
	}
}

// A function literal: its signature usually belongs to whoever receives it.
var handle = func(xs ...any) int { return xs[0].(int) }

// Unnamed and blank parameters have no uses to judge.
func ignore([]any, ...any) {}

func blank(_ []any) {}

// A type parameter stands in for the element: nothing to do.
func sumOf[T int | float64](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func negativeCallers(data []byte) error {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	fmt.Println(stringField(m, "name"))
	if raw, ok := m["tags"].([]any); ok {
		fmt.Println(toStrings(raw))
	}
	fmt.Println(reduce(sumInts, 1, 2))
	fmt.Println(countNonNil([]any{1, nil}), size([]any{"a"}))
	fmt.Println(mustInts([]any{1}))
	fmt.Println(width([]any{"a"}))
	fmt.Println(sumRec(1, 2))
	checkThenPrint([]any{1})
	fmt.Println(queryArgs(1, "a")...)
	fmt.Fprintln(os.Stdout, nameArgs([]string{"a"})...)
	out, err := json.Marshal(labelValues([]string{"x"}))
	fmt.Println(out, err)
	fmt.Println(joinStringers(nil), firstError(errors.New("x")))
	var big int64 = 1 << 40
	fmt.Println(double(1), double(big))
	xs := []any{1, 2}
	fmt.Println(count(xs), xs)
	fmt.Println(retries(map[string]any{"retries": 3, "name": "x"}))
	fmt.Println(setFirst([]any{1}))
	reset([]any{1})
	fmt.Println(outerSum([]any{1}))
	var b bag
	b.put(1, 2)
	put := b.put
	put(3)
	fmt.Println(handle(1), sumOf(1, 2))
	var s summer = intSummer{}
	fmt.Println(s.total(1), intSummer{}.total(2))
	r := &recorder{}
	r.Errorf("x", "y")
	h := &intHeap{}
	h.Push(1)
	sort.Sort(h)
	ignore(nil)
	blank(nil)
	return nil
}

func labelled() string { return label("x", "y") }
