/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_STATE_TRANSITION_TABLE_H
#define LPWA_STATE_TRANSITION_TABLE_H

#include "ns3/fatal-error.h"

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The graph type of every StateTransitionTable: vertex i is the state with enum value i,
 * an edge u -> v is an allowed transition.
 */
using StateTransitionGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

/**
 * \brief Non-template graph algorithms behind StateTransitionTable (state-transition-table.cc).
 */
namespace state_transition_detail
{

/**
 * \brief Mark the states reachable from a state, by breadth-first search.
 * \param graph the transition graph
 * \param from the start vertex
 * \return one flag per vertex; the start vertex is always marked
 */
std::vector<bool> ReachableFrom(const StateTransitionGraph& graph, std::size_t from);

/**
 * \brief Mark the states from which a state is reachable (search on the reversed graph).
 * \param graph the transition graph
 * \param to the target vertex
 * \return one flag per vertex; the target vertex is always marked
 */
std::vector<bool> ReachingTo(const StateTransitionGraph& graph, std::size_t to);

/**
 * \brief Write a transition graph in Graphviz DOT format.
 * \param os the output stream
 * \param graph the transition graph
 * \param names the vertex labels, one per vertex
 * \param graphName the DOT graph name
 */
void WriteGraphviz(std::ostream& os,
                   const StateTransitionGraph& graph,
                   const std::vector<std::string>& names,
                   const std::string& graphName);

/**
 * \brief Log the states that violate AllReachableAndReturnable().
 * \param names the state names
 * \param reachable states reachable from the initial state
 * \param returning states from which the initial state is reachable
 */
void LogUnreachable(const std::vector<std::string>& names,
                    const std::vector<bool>& reachable,
                    const std::vector<bool>& returning);

} // namespace state_transition_detail

/**
 * \brief The transition table of a state machine, held as a Boost.Graph directed graph.
 *
 * States are the values 0..N-1 of an enum, named by a table given at construction; allowed
 * transitions are the graph's edges. State machines call IsAllowed() to reject illegal
 * transitions at run time; tests call IsReachable() and AllReachableAndReturnable() to check
 * the table's shape; WriteGraphviz() draws it.
 *
 * Wrong use (a state outside 0..N-1, an empty name table) is an NS_FATAL_ERROR naming the
 * argument and its value.
 *
 * \tparam Enum an enum (scoped or not) whose values are 0..N-1
 */
template <typename Enum>
class StateTransitionTable
{
    static_assert(std::is_enum_v<Enum>, "StateTransitionTable needs an enum type");

  public:
    /// The graph type: vertex i is state i, edge u -> v an allowed transition.
    using Graph = StateTransitionGraph;
    /// An allowed transition (from, to).
    using Transition = std::pair<Enum, Enum>;

    /**
     * \brief Build the table.
     * \param names the state names; names[i] names the state with enum value i
     * \param transitions the allowed transitions; duplicates are ignored
     */
    StateTransitionTable(std::vector<std::string> names, const std::vector<Transition>& transitions)
        : m_names(std::move(names))
        , m_graph(m_names.size())
    {
        if (m_names.empty())
        {
            NS_FATAL_ERROR("ns3::lpwa::StateTransitionTable: names is empty");
        }
        for (const auto& t : transitions)
        {
            const std::size_t u = Index(t.first, "transition from");
            const std::size_t v = Index(t.second, "transition to");
            if (!boost::edge(u, v, m_graph).second)
            {
                boost::add_edge(u, v, m_graph);
            }
        }
    }

    /**
     * \brief Get whether a single transition is in the table.
     * \param from the current state
     * \param to the next state
     * \return true if from -> to is an allowed transition
     */
    bool IsAllowed(Enum from, Enum to) const
    {
        return boost::edge(Index(from, "from"), Index(to, "to"), m_graph).second;
    }

    /**
     * \brief Get whether a state can be reached from another by allowed transitions.
     * \param from the start state
     * \param to the target state
     * \return true if a path of zero or more transitions leads from `from` to `to` (so a state
     *         is always reachable from itself)
     */
    bool IsReachable(Enum from, Enum to) const
    {
        const std::size_t v = Index(to, "to");
        return state_transition_detail::ReachableFrom(m_graph, Index(from, "from"))[v];
    }

    /**
     * \brief Check that the machine can reach every state and always get back.
     * \param initial the initial state
     * \return true if every state is reachable from `initial` and `initial` is reachable from
     *         every state (the graph is strongly connected); the offending states are logged
     */
    bool AllReachableAndReturnable(Enum initial) const
    {
        const std::size_t s = Index(initial, "initial");
        const std::vector<bool> reachable = state_transition_detail::ReachableFrom(m_graph, s);
        const std::vector<bool> returning = state_transition_detail::ReachingTo(m_graph, s);
        for (std::size_t i = 0; i < m_names.size(); ++i)
        {
            if (!reachable[i] || !returning[i])
            {
                state_transition_detail::LogUnreachable(m_names, reachable, returning);
                return false;
            }
        }
        return true;
    }

    /**
     * \brief Get the name of a state.
     * \param state the state
     * \return its name from the table given at construction
     */
    std::string GetName(Enum state) const
    {
        return m_names[Index(state, "state")];
    }

    /**
     * \brief Get the number of states.
     * \return the size of the name table
     */
    std::size_t GetStateCount() const
    {
        return m_names.size();
    }

    /**
     * \brief Write the table as a Graphviz DOT digraph, vertices labelled with state names.
     * \param os the output stream
     * \param graphName the DOT graph name (quoted and escaped as needed)
     */
    void WriteGraphviz(std::ostream& os, const std::string& graphName) const
    {
        state_transition_detail::WriteGraphviz(os, m_graph, m_names, graphName);
    }

    /**
     * \brief Get the underlying graph.
     * \return the graph: vertex i is the state with enum value i
     */
    const Graph& GetGraph() const
    {
        return m_graph;
    }

  private:
    /**
     * \brief Convert a state to its vertex index, checking the range.
     * \param state the state
     * \param what the argument name, for the error message
     * \return the vertex index
     */
    std::size_t Index(Enum state, const char* what) const
    {
        using Underlying = std::underlying_type_t<Enum>;
        const auto value = static_cast<Underlying>(state);
        bool negative = false;
        if constexpr (std::is_signed_v<Underlying>)
        {
            negative = value < 0;
        }
        if (negative || static_cast<unsigned long long>(value) >= m_names.size())
        {
            NS_FATAL_ERROR("ns3::lpwa::StateTransitionTable: "
                           << what << " state " << static_cast<long long>(value) << " is not in 0.."
                           << m_names.size() - 1);
        }
        return static_cast<std::size_t>(value);
    }

    std::vector<std::string> m_names; //!< state names, indexed by enum value
    Graph m_graph;                    //!< allowed transitions
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_STATE_TRANSITION_TABLE_H
