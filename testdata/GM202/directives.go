package gm202

import (
	"fmt"
	"net/http"
)

// encode is called for every message.
//
//golintmem:hot
func encode(b []byte) string {
	return fmt.Sprintf("%x", b) // want "GM202: b \(\[\]byte\) is boxed for fmt.Sprintf: .* in encode, marked //golintmem:hot"
}

//golintmem:hot
func box(b []byte) any {
	return b // want "GM202: is boxed for a return as any: .* marked //golintmem:hot"
}

// dump runs once at start-up, however many lines there are.
//
//golintmem:cold
func dump(lines [][]byte) {
	for _, line := range lines {
		fmt.Println(line) // cold wins over the loop
	}
}

//golintmem:cold
func debugHandler(w http.ResponseWriter, r *http.Request) {
	var b []byte
	fmt.Fprintf(w, "%s", b) // cold wins over the handler shape
}

// golintmem:hot is prose here, not a directive (a space after //).
func prose(b []byte) string {
	return fmt.Sprintf("%x", b)
}
