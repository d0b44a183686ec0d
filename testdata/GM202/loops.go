package gm202

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"log/slog"
	"sync"
)

type payload []byte

type event struct {
	Data any
	Raw  []byte
}

type sink struct {
	last   any
	events chan any
	seen   sync.Map
}

var registry = map[string]any{}

func printAll(lines [][]byte) {
	for _, line := range lines {
		fmt.Printf("%s\n", line) // want "GM202: line \(\[\]byte\) is boxed for fmt.Printf: .* inside a for loop"
	}
}

func logAll(lines [][]byte, logger *slog.Logger) {
	for _, line := range lines {
		log.Println("got", line)          // want "GM202: line \(\[\]byte\) is boxed for log.Println"
		logger.Info("line", "body", line) // want "GM202: is boxed for slog.Logger.Info"
		slog.Debug("line", "body", line)  // want "GM202: is boxed for slog.Debug"
	}
}

func keyed(ctx context.Context, keys [][]byte) {
	type key struct{}
	for _, k := range keys {
		ctx = context.WithValue(ctx, key{}, k) // want "GM202: k \(\[\]byte\) is boxed for context.WithValue"
	}
	_ = ctx
}

func marshalAll(bodies []payload) {
	for _, p := range bodies {
		out, _ := json.Marshal(p) // want "GM202: p \(payload\) is boxed for json.Marshal"
		_ = out
	}
}

func rawMessages(msgs []json.RawMessage, m *sync.Map) {
	for i, raw := range msgs {
		m.Store(i, raw) // want "GM202: raw \(json.RawMessage\) is boxed for sync.Map.Store"
	}
}

func collect(lines [][]byte) []any {
	var out []any
	for _, line := range lines {
		out = append(out, line[:1]) // want "GM202: line\[:1\] \(\[\]byte\) is boxed for an append to \[\]any"
	}
	return out
}

func index(lines [][]byte) {
	for i, line := range lines {
		registry[fmt.Sprint(i)] = line // want "GM202: is boxed for a store into map\[string\]any"
	}
}

func literals(lines [][]byte) []map[string]any {
	var out []map[string]any
	for _, line := range lines {
		out = append(out, map[string]any{"line": line}) // want "GM202: is boxed for a map\[string\]any literal"
	}
	return out
}

func (s *sink) feed(ch chan []byte) {
	for b := range ch {
		s.events <- b // want "GM202: b \(\[\]byte\) is boxed for a send on chan any"
		s.last = b    // want "GM202: b \(\[\]byte\) is boxed for field s.last"
	}
}

func convert(lines [][]byte) {
	var m sync.Map
	for _, line := range lines {
		m.Store("k", any(line)) // want "GM202: any\(line\) \(\[\]byte\) is boxed for sync.Map.Store"
	}
}

func logf(format string, args ...any) {
	log.Print(fmt.Sprintf(format, args...))
}

func forwarded(lines [][]byte) {
	for _, line := range lines {
		logf("line %s", line) // want "GM202: is boxed for logf, which passes it to fmt.Sprintf"
	}
}

func iterate(seq func(func([]byte) bool)) {
	for b := range seq {
		fmt.Print(b) // want "GM202: inside a for loop"
	}
}

func each(lines [][]byte, f func(int) any) {
	for i := range lines {
		f(i)
	}
}

func first(lines [][]byte) any {
	for _, line := range lines {
		if len(line) > 0 {
			return line // leaves the loop: once per call
		}
	}
	return nil
}
