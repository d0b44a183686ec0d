package gm202

import (
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"time"
)

type record struct {
	Body []byte
	Any  any
}

func once(b []byte) {
	fmt.Printf("%s\n", b) // not in a loop: once per call
}

func asString(lines [][]byte) {
	for _, line := range lines {
		fmt.Println(string(line)) // a string, not a []byte
	}
}

func writeAll(w io.Writer, lines [][]byte) {
	for _, line := range lines {
		w.Write(line) // a []byte parameter: nothing boxed
	}
}

func typedField(lines [][]byte, r *record) {
	for _, line := range lines {
		r.Body = line // a []byte field
	}
}

func localValue(lines [][]byte) {
	for _, line := range lines {
		var r record
		r.Any = line // a field of a local value that does not escape
		_ = r
	}
}

func notBytes(names []string, times []time.Time) {
	for i, n := range names {
		fmt.Println(n, times[i], len(n))
	}
}

func nils(n int) {
	for i := 0; i < n; i++ {
		fmt.Println(nil, i)
	}
}

func bytesElem(lines [][]byte) {
	for _, line := range lines {
		fmt.Println(line[0], len(line), &line) // a byte, an int, a pointer
	}
}

func errorReturn(lines [][]byte) error {
	for _, line := range lines {
		if len(line) == 0 {
			return fmt.Errorf("empty line after %q", line) // leaves the loop: once
		}
	}
	return nil
}

func errorBranch(lines [][]byte, parse func([]byte) error) {
	var first error
	for _, line := range lines {
		if err := parse(line); err != nil {
			if first == nil {
				first = fmt.Errorf("cannot parse %q: %w", line, err) // an error path
			}
			continue
		}
	}
	_ = first
}

func aborts(lines [][]byte) {
	for _, line := range lines {
		if len(line) > 1<<20 {
			log.Fatalf("line too long: %q", line) // never returns
		}
	}
}

func stored(lines [][]byte) []func() {
	var fns []func()
	for _, line := range lines {
		line := line
		fns = append(fns, func() { fmt.Println(line) }) // runs when called, not per iteration
	}
	return fns
}

func typedSlices(lines [][]byte, m map[string][]byte, ch chan []byte) [][]byte {
	var out [][]byte
	for _, line := range lines {
		out = append(out, line)
		m["k"] = line
		ch <- line
	}
	return out
}

func quiet(format string, args ...any) int {
	return len(format) + len(args) // the arguments do not escape
}

func notForwarded(lines [][]byte) {
	for _, line := range lines {
		quiet("%s", line)
	}
}

func builder(lines [][]byte) string {
	var sb strings.Builder
	for _, line := range lines {
		sb.Write(line)
		sb.WriteString(string(line))
	}
	return sb.String()
}

func stdlibErrors(lines [][]byte) {
	for range lines {
		_ = errors.New("static")
	}
}

func mapKeyOnly(lines [][]byte, m *sync.Map) {
	for _, line := range lines {
		m.Load(string(line))
	}
}

func spread(lines [][]byte, args []any) {
	for range lines {
		fmt.Println(args...)
	}
}

func rangeSetup(lines [][]byte) []byte {
	for _, line := range lines {
		return line // returned as []byte
	}
	return nil
}

func valueNotEscaping(lines [][]byte) {
	for _, line := range lines {
		var v any = line
		_ = v
	}
}
