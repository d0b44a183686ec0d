package gm101

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var builderPool = &sync.Pool{New: func() any { return new(strings.Builder) }}

type record struct {
	name  string
	tags  []string
	count int
}

var recordPool sync.Pool

func writeThenPut(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	w.Write(buf.Bytes())
	bufPool.Put(buf) // want "GM101: buf is put back into bufPool without being reset" "GM103: may have grown"
}

func deferredPut(w io.Writer, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want "GM101: buf is put back into bufPool without being reset" "GM103: may have grown"
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func pointerPool(parts []string) string {
	sb := builderPool.Get().(*strings.Builder)
	for _, p := range parts {
		sb.WriteString(p)
	}
	s := sb.String()
	builderPool.Put(sb) // want "GM101: sb is put back into builderPool" "GM103: may have grown"
	return s
}

func fieldsWritten(name string) int {
	r := recordPool.Get().(*record)
	r.name = name
	r.tags = append(r.tags, name)
	n := len(r.tags)
	recordPool.Put(r) // want "GM101: r is put back into recordPool"
	return n
}

func resetBeforeWrite(s string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString("x")
	buf.Reset()
	buf.WriteString(s)
	out := buf.String()
	bufPool.Put(buf) // want "GM101: buf is put back" "GM103: may have grown"
	return out
}

func passedToFprintf(n int) string {
	buf := bufPool.Get().(*bytes.Buffer)
	fmt.Fprintf(buf, "%d", n)
	s := buf.String()
	bufPool.Put(buf) // want "GM101: buf is put back" "GM103: may have grown"
	return s
}

func errorPath(w io.Writer, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		bufPool.Put(buf) // want "GM101: buf is put back" "GM103: may have grown"
		return err
	}
	buf.Reset()
	bufPool.Put(buf) // want "GM103: may have grown"
	return nil
}

func closurePut(w io.Writer, s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		bufPool.Put(buf) // want "GM101: buf is put back" "GM103: may have grown"
	}()
	buf.WriteString(s)
	w.Write(buf.Bytes())
}

func incremented() {
	r := recordPool.Get().(*record)
	r.count++
	recordPool.Put(r) // want "GM101: r is put back"
}

func assignedLater(s string) {
	var buf *bytes.Buffer
	buf = bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	bufPool.Put(buf) // want "GM101: buf is put back" "GM103: may have grown"
}
