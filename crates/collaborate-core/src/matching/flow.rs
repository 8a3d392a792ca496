//! A minimum-cost flow, one unit at a time: successive shortest paths with node potentials.
//!
//! Every edge is added with a cost of zero or more. Each call to [`Network::send_one`] pushes one
//! more unit from a source to the sink along a cheapest path of the residual network, found by
//! Dijkstra's method on costs reduced by the potentials, so the flow after every call is a
//! cheapest one for the units sent so far. The search stops as soon as the sink is reached and
//! updates the potentials of the nodes it settled only: settled nodes move by their distance less
//! the sink's, the rest by nothing — the same reduced costs as moving every node by its distance
//! capped at the sink's, without touching the nodes the search never reached. Potentials only
//! fall, so a source not used before, and every node behind it, is valid at zero.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A node of a [`Network`].
pub type Node = u32;
/// An edge of a [`Network`]; its reverse is `edge ^ 1`.
pub type Edge = u32;

const NONE: u32 = u32::MAX;

/// A node's or an edge's index as stored. A proposal's network stays far below 2^32 of either:
/// its needs are capped ([`super::MOST_NEEDS`]) and each has at most 64 offers.
fn index(n: usize) -> u32 {
    debug_assert!(n < NONE as usize);
    #[allow(clippy::cast_possible_truncation)]
    let n = n as u32;
    n
}

/// A directed network with capacities and non-negative costs, and the flow on it so far.
#[derive(Debug, Default)]
pub struct Network {
    head: Vec<Edge>,
    next: Vec<Edge>,
    to: Vec<Node>,
    residual: Vec<u32>,
    cost: Vec<i64>,
    potential: Vec<i64>,
    search: Search,
}

/// What one search keeps, reused from one unit to the next.
#[derive(Debug, Default)]
struct Search {
    distance: Vec<i64>,
    via: Vec<Edge>,
    reached: Vec<Node>,
    settled: Vec<Node>,
    heap: BinaryHeap<Reverse<(i64, Node)>>,
}

impl Network {
    /// A network of `nodes` nodes and no edges; room is made for `edges` edges.
    pub fn new(nodes: usize, edges: usize) -> Self {
        let mut network = Self {
            next: Vec::with_capacity(2 * edges),
            to: Vec::with_capacity(2 * edges),
            residual: Vec::with_capacity(2 * edges),
            cost: Vec::with_capacity(2 * edges),
            ..Self::default()
        };
        for _ in 0..nodes {
            network.add_node();
        }
        network
    }

    /// A new node.
    pub fn add_node(&mut self) -> Node {
        let node = index(self.head.len());
        self.head.push(NONE);
        self.potential.push(0);
        self.search.distance.push(i64::MAX);
        self.search.via.push(NONE);
        node
    }

    /// An edge from `from` to `to` that carries up to `capacity` units at `cost` each (not
    /// negative), with its reverse.
    pub fn add_edge(&mut self, from: Node, to: Node, capacity: u32, cost: i64) -> Edge {
        debug_assert!(cost >= 0, "costs are never negative");
        let edge = index(self.to.len());
        for (tail, head, residual, cost) in [(from, to, capacity, cost), (to, from, 0, -cost)] {
            self.to.push(head);
            self.residual.push(residual);
            self.cost.push(cost);
            self.next.push(self.head[tail as usize]);
            self.head[tail as usize] = index(self.to.len() - 1);
        }
        edge
    }

    /// The units `edge` carries.
    pub fn flow(&self, edge: Edge) -> u32 {
        self.residual[(edge ^ 1) as usize]
    }

    /// Sends one unit from `source` to `sink` along a cheapest residual path and answers its
    /// cost, or `None` (changing nothing) when the sink cannot be reached.
    pub fn send_one(&mut self, source: Node, sink: Node) -> Option<i64> {
        let found = self.shortest_path(source, sink);
        let result = found.then(|| {
            let mut cost = 0;
            let mut node = sink;
            while node != source {
                let edge = self.search.via[node as usize] as usize;
                self.residual[edge] -= 1;
                self.residual[edge ^ 1] += 1;
                cost += self.cost[edge];
                node = self.to[edge ^ 1];
            }
            cost
        });
        self.reset_search();
        result
    }

    /// Dijkstra's method from `source` on reduced costs until `sink` is settled; then the
    /// potentials of the settled nodes are moved (see the module's comment).
    fn shortest_path(&mut self, source: Node, sink: Node) -> bool {
        let search = &mut self.search;
        search.distance[source as usize] = 0;
        search.reached.push(source);
        search.heap.push(Reverse((0, source)));
        let mut found = None;
        while let Some(Reverse((distance, node))) = search.heap.pop() {
            if distance > search.distance[node as usize] {
                continue;
            }
            search.settled.push(node);
            if node == sink {
                found = Some(distance);
                break;
            }
            let mut edge = self.head[node as usize];
            while edge != NONE {
                let e = edge as usize;
                edge = self.next[e];
                if self.residual[e] == 0 {
                    continue;
                }
                let head = self.to[e] as usize;
                let reduced = self.cost[e] + self.potential[node as usize] - self.potential[head];
                debug_assert!(reduced >= 0, "reduced costs stay non-negative");
                let through = distance + reduced;
                if through < search.distance[head] {
                    if search.distance[head] == i64::MAX {
                        search.reached.push(self.to[e]);
                    }
                    search.distance[head] = through;
                    search.via[head] = index(e);
                    search.heap.push(Reverse((through, self.to[e])));
                }
            }
        }
        let Some(to_sink) = found else {
            return false;
        };
        for &node in &search.settled {
            self.potential[node as usize] += search.distance[node as usize] - to_sink;
        }
        true
    }

    fn reset_search(&mut self) {
        let search = &mut self.search;
        for &node in &search.reached {
            search.distance[node as usize] = i64::MAX;
            search.via[node as usize] = NONE;
        }
        search.reached.clear();
        search.settled.clear();
        search.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cheaper_path_is_taken_first_and_a_second_unit_reroutes_the_first() {
        // s → a → t and s → b → t, with a cross edge a → b; a → t is cheap but holds one unit.
        let mut n = Network::new(4, 5);
        let (s, a, b, t) = (0, 1, 2, 3);
        n.add_edge(s, a, 2, 0);
        let at = n.add_edge(a, t, 1, 1);
        let ab = n.add_edge(a, b, 1, 1);
        let bt = n.add_edge(b, t, 1, 5);
        assert_eq!(n.send_one(s, t), Some(1));
        assert_eq!(n.send_one(s, t), Some(6));
        assert_eq!(n.send_one(s, t), None);
        assert_eq!((n.flow(at), n.flow(ab), n.flow(bt)), (1, 1, 1));
    }

    #[test]
    fn a_path_through_a_reverse_edge_undoes_an_earlier_choice() {
        // Two rows, two columns. Row 0 likes both (0, 1); row 1 only column 0 (cost 0).
        // Row 0 first takes column 0; row 1 then moves it to column 1, for a total of 1.
        let mut n = Network::new(5, 5);
        let (r0, r1, c0, c1, t) = (0, 1, 2, 3, 4);
        let r0c0 = n.add_edge(r0, c0, 1, 0);
        let r0c1 = n.add_edge(r0, c1, 1, 1);
        let r1c0 = n.add_edge(r1, c0, 1, 0);
        n.add_edge(c0, t, 1, 0);
        n.add_edge(c1, t, 1, 0);
        assert_eq!(n.send_one(r0, t), Some(0));
        assert_eq!(n.send_one(r1, t), Some(1));
        assert_eq!((n.flow(r0c0), n.flow(r0c1), n.flow(r1c0)), (0, 1, 1));
    }

    #[test]
    fn an_unreachable_sink_changes_nothing() {
        let mut n = Network::new(3, 1);
        let e = n.add_edge(0, 1, 1, 3);
        assert_eq!(n.send_one(0, 2), None);
        assert_eq!(n.flow(e), 0);
        assert_eq!(n.send_one(0, 1), Some(3));
    }
}
