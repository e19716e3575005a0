package csaf

// digraph is a directed graph on the nodes 0 to n-1, in compressed form:
// the successors of node v are succ[start[v]:start[v+1]]. The product tree
// gives one: a relationship's product refers to its product_reference and
// relates_to_product_reference.
type digraph struct {
	start []int
	succ  []int
}

// newDigraph returns a graph of n nodes without edges; add the successors
// of node 0, then of node 1 and so on with addEdge and close each node with
// done.
func newDigraph(n, edges int) *digraph {
	return &digraph{start: make([]int, 1, n+1), succ: make([]int, 0, edges)}
}

// addEdge adds an edge from the node being built to w.
func (g *digraph) addEdge(w int) { g.succ = append(g.succ, w) }

// done closes the node being built.
func (g *digraph) done() { g.start = append(g.start, len(g.succ)) }

// components finds the strongly connected components of the graph: the
// sets of nodes that reach each other, a single node being one alone
// unless it has an edge to itself. It is Tarjan's algorithm, which visits
// each node and edge once; it keeps its own stack, so a chain of a million
// nodes needs no deep call stack.
//
// comp gives each node's component, numbered in the order the components
// are completed, and order lists the nodes in that order: an edge leads to
// a node of the same component or of one completed earlier, so going
// through order meets every node after all it refers to outside its own
// component. Two nodes lie on a common cycle exactly when their
// components are the same and the component has more than one node or an
// edge to itself.
func (g *digraph) components() (comp, order []int) {
	n := len(g.start) - 1
	const unvisited = -1
	index := make([]int, n) // visiting order, or unvisited
	low := make([]int, n)   // lowest index reachable through the DFS subtree
	for i := range index {
		index[i] = unvisited
	}
	onStack := make([]bool, n)
	comp = make([]int, n)
	order = make([]int, 0, n)
	var stack []int // nodes of components not yet completed
	type frame struct{ v, next int }
	var calls []frame // the depth-first search's path, next edge to follow
	visited, ncomp := 0, 0
	visit := func(v int) {
		index[v], low[v] = visited, visited
		visited++
		stack = append(stack, v)
		onStack[v] = true
		calls = append(calls, frame{v, g.start[v]})
	}
	for root := range n {
		if index[root] != unvisited {
			continue
		}
		visit(root)
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			if f.next < g.start[v+1] {
				w := g.succ[f.next]
				f.next++
				switch {
				case index[w] == unvisited:
					visit(w)
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				order = append(order, w)
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	return comp, order
}
