/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "state-transition-table.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/property_map.hpp>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaStateTransitionTable");

namespace state_transition_detail
{

namespace
{

/// Breadth-first search from a vertex; returns the visited flags.
std::vector<bool>
Visited(const StateTransitionGraph& graph, std::size_t from)
{
    const std::size_t n = boost::num_vertices(graph);
    std::vector<boost::default_color_type> colors(n, boost::white_color);
    auto colorMap =
        boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph));
    boost::breadth_first_search(graph, from, boost::color_map(colorMap));
    std::vector<bool> visited(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        visited[i] = colors[i] != boost::white_color;
    }
    return visited;
}

} // namespace

std::vector<bool>
ReachableFrom(const StateTransitionGraph& graph, std::size_t from)
{
    return Visited(graph, from);
}

std::vector<bool>
ReachingTo(const StateTransitionGraph& graph, std::size_t to)
{
    // directedS graphs have no in-edges; search the transposed graph instead.
    StateTransitionGraph reversed(boost::num_vertices(graph));
    for (std::size_t u = 0; u < boost::num_vertices(graph); ++u)
    {
        for (auto [e, end] = boost::out_edges(u, graph); e != end; ++e)
        {
            boost::add_edge(boost::target(*e, graph), u, reversed);
        }
    }
    return Visited(reversed, to);
}

// GCC 12 reports a false -Wmaybe-uninitialized inside Boost's edge iterator (a boost::optional
// member) when write_graphviz is inlined here; the iterator is always initialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
void
WriteGraphviz(std::ostream& os,
              const StateTransitionGraph& graph,
              const std::vector<std::string>& names,
              const std::string& graphName)
{
    // boost::write_graphviz always names the graph "G"; write to a buffer and rename it.
    std::ostringstream dot;
    boost::write_graphviz(dot, graph, boost::make_label_writer(names.data()));
    std::string text = dot.str();
    const std::string header = "digraph G {";
    NS_ASSERT(text.compare(0, header.size(), header) == 0);
    text.replace(0, header.size(), "digraph " + boost::escape_dot_string(graphName) + " {");
    os << text;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

void
LogUnreachable(const std::vector<std::string>& names,
               const std::vector<bool>& reachable,
               const std::vector<bool>& returning)
{
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        if (!reachable[i])
        {
            NS_LOG_LOGIC("state " << names[i] << " is not reachable from the initial state");
        }
        if (!returning[i])
        {
            NS_LOG_LOGIC("the initial state is not reachable from state " << names[i]);
        }
    }
}

} // namespace state_transition_detail

} // namespace lpwa
} // namespace ns3
