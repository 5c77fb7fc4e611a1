package main
import ("fmt";"os";"github.com/tableacl/tableacl/parser")
func main(){ for _, c := range parser.Split("x", os.Args[1]) { s, err := c.Parse(); if err != nil { fmt.Printf("ERR %v %s\n", err.(interface{Error() string}), func() string { if e, ok := err.(interface{ Error() string }); ok { return e.Error() }; return "" }()); continue }; fmt.Printf("%T %+v\n", s, s) } }
