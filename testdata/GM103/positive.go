package gm103

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var sbPool = sync.Pool{New: func() any { return new(strings.Builder) }}

var slicePool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// ByteBuffer is a type whose job is a byte buffer.
type ByteBuffer struct {
	B []byte
}

var bbPool sync.Pool

func noBound(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	b.Reset()
	bufPool.Put(b) // want "GM103: b may have grown since Get and goes back into bufPool with no capacity limit"
}

func deferredNoBound(w io.Writer, v any) {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b) // want "GM103: b may have grown"
	defer b.Reset()
	fmt.Fprint(b, v)
	w.Write(b.Bytes())
}

func builderNoBound(parts []string) string {
	sb := sbPool.Get().(*strings.Builder)
	for _, p := range parts {
		sb.WriteString(p)
	}
	s := sb.String()
	sb.Reset()
	sbPool.Put(sb) // want "GM103: sb may have grown"
	return s
}

func sliceNoBound(w io.Writer, p []byte) {
	bp := slicePool.Get().(*[]byte)
	*bp = append(*bp, p...)
	w.Write(*bp)
	*bp = (*bp)[:0]
	slicePool.Put(bp) // want "GM103: bp may have grown"
}

func byteBufferNoBound(p []byte) int {
	bb := bbPool.Get().(*ByteBuffer)
	bb.B = append(bb.B[:0], p...)
	n := len(bb.B)
	bb.B = bb.B[:0]
	bbPool.Put(bb) // want "GM103: bb may have grown"
	return n
}

func lowerBoundOnly(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if b.Cap() < 1024 {
		return
	}
	b.Reset()
	bufPool.Put(b) // want "GM103: b may have grown"
}

func putOnlyWhenBig(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	b.Reset()
	if b.Cap() >= 4096 {
		bufPool.Put(b) // want "GM103: b may have grown"
	}
}

func boundTooLoose(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if b.Cap() > 1<<30 {
		return
	}
	b.Reset()
	bufPool.Put(b) // want "GM103: b goes back into bufPool when its capacity is up to 1,073,741,824 bytes"
}

func copiedInto(dst io.Writer, src io.Reader) {
	b := bufPool.Get().(*bytes.Buffer)
	b.ReadFrom(src)
	b.WriteTo(dst)
	b.Reset()
	bufPool.Put(b) // want "GM103: b may have grown"
}

func grownThenPutInBranch(w io.Writer, s string, ok bool) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	if ok {
		w.Write(b.Bytes())
	}
	b.Reset()
	bufPool.Put(b) // want "GM103: b may have grown"
}

type encoder struct {
	pool sync.Pool
}

func (e *encoder) encode(w io.Writer, s string) {
	b := e.pool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	b.Reset()
	e.pool.Put(b) // want "GM103: b may have grown"
}

func sliceGrownByAppendHelper(p []byte) {
	bp := slicePool.Get().(*[]byte)
	*bp = appendAll(*bp, p)
	*bp = (*bp)[:0]
	slicePool.Put(bp) // want "GM103: bp may have grown"
}

func appendAll(dst, src []byte) []byte { return append(dst, src...) }

func bytesInLoop(parts [][]byte) int {
	b := bufPool.Get().(*bytes.Buffer)
	for _, p := range parts {
		for _, c := range p {
			b.WriteByte(c)
		}
	}
	n := b.Len()
	b.Reset()
	bufPool.Put(b) // want "GM103: b may have grown"
	return n
}
