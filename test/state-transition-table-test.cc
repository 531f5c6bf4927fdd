/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/simulator.h"
#include "ns3/state-transition-table.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A small socket-like state machine.
enum class Sock
{
    CLOSED,
    OPENING,
    OPEN,
    CLOSING,
    FAILED,
};

/// A plain (unscoped) enum, as older state machines declare.
enum Light
{
    RED,
    GREEN,
    YELLOW,
};

/// CLOSED -> OPENING -> OPEN -> CLOSING -> CLOSED, OPENING -> CLOSED; FAILED as given.
StateTransitionTable<Sock>
MakeSocketTable(bool failedIsDeadEnd)
{
    std::vector<StateTransitionTable<Sock>::Transition> transitions = {
        {Sock::CLOSED, Sock::OPENING},
        {Sock::OPENING, Sock::OPEN},
        {Sock::OPENING, Sock::CLOSED},
        {Sock::OPEN, Sock::CLOSING},
        {Sock::CLOSING, Sock::CLOSED},
        {Sock::OPEN, Sock::FAILED},
        {Sock::OPEN, Sock::CLOSING}, // duplicate: ignored
    };
    if (!failedIsDeadEnd)
    {
        transitions.emplace_back(Sock::FAILED, Sock::CLOSED);
    }
    return StateTransitionTable<Sock>({"CLOSED", "OPENING", "OPEN", "CLOSING", "FAILED"},
                                      transitions);
}

class StateTransitionTableTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_F(StateTransitionTableTest, AllowsOnlyDeclaredTransitions)
{
    const auto table = MakeSocketTable(false);
    EXPECT_TRUE(table.IsAllowed(Sock::CLOSED, Sock::OPENING));
    EXPECT_TRUE(table.IsAllowed(Sock::OPENING, Sock::OPEN));
    EXPECT_TRUE(table.IsAllowed(Sock::FAILED, Sock::CLOSED));
    EXPECT_FALSE(table.IsAllowed(Sock::CLOSED, Sock::OPEN)); // must go through OPENING
    EXPECT_TRUE(table.IsAllowed(Sock::OPENING, Sock::CLOSED));
    EXPECT_FALSE(table.IsAllowed(Sock::OPEN, Sock::OPENING));  // edges are directed
    EXPECT_FALSE(table.IsAllowed(Sock::CLOSED, Sock::CLOSED)); // no implicit self loops
    EXPECT_EQ(table.GetStateCount(), 5U);
    EXPECT_EQ(boost::num_vertices(table.GetGraph()), 5U);
    EXPECT_EQ(boost::num_edges(table.GetGraph()), 7U); // 6 distinct + FAILED -> CLOSED
    EXPECT_EQ(table.GetName(Sock::CLOSING), "CLOSING");
}

TEST_F(StateTransitionTableTest, FindsReachableStates)
{
    const auto table = MakeSocketTable(true);
    EXPECT_TRUE(table.IsReachable(Sock::CLOSED, Sock::OPEN));    // two steps
    EXPECT_TRUE(table.IsReachable(Sock::CLOSED, Sock::FAILED));  // three steps
    EXPECT_TRUE(table.IsReachable(Sock::CLOSING, Sock::OPEN));   // around the cycle
    EXPECT_TRUE(table.IsReachable(Sock::FAILED, Sock::FAILED));  // zero steps
    EXPECT_FALSE(table.IsReachable(Sock::FAILED, Sock::CLOSED)); // dead end
    EXPECT_FALSE(table.IsReachable(Sock::FAILED, Sock::OPEN));
}

TEST_F(StateTransitionTableTest, ChecksThatEveryStateIsReachableAndReturnable)
{
    EXPECT_TRUE(MakeSocketTable(false).AllReachableAndReturnable(Sock::CLOSED));
    EXPECT_TRUE(MakeSocketTable(false).AllReachableAndReturnable(Sock::OPEN));
    // FAILED is reachable but nothing leads back from it.
    EXPECT_FALSE(MakeSocketTable(true).AllReachableAndReturnable(Sock::CLOSED));

    // GREEN is never entered: not reachable, although it could return.
    const StateTransitionTable<Light> orphan({"RED", "GREEN", "YELLOW"},
                                             {{RED, YELLOW}, {YELLOW, RED}, {GREEN, RED}});
    EXPECT_FALSE(orphan.AllReachableAndReturnable(RED));
    EXPECT_FALSE(orphan.IsReachable(RED, GREEN));
    EXPECT_TRUE(orphan.IsReachable(GREEN, YELLOW));

    const StateTransitionTable<Light> cycle({"RED", "GREEN", "YELLOW"},
                                            {{RED, GREEN}, {GREEN, YELLOW}, {YELLOW, RED}});
    EXPECT_TRUE(cycle.AllReachableAndReturnable(GREEN));

    const StateTransitionTable<Light> single({"RED"}, {});
    EXPECT_TRUE(single.AllReachableAndReturnable(RED));
}

TEST_F(StateTransitionTableTest, WritesGraphvizWithStateLabels)
{
    const auto table = MakeSocketTable(false);
    std::ostringstream dot;
    table.WriteGraphviz(dot, "socket state");
    const std::string text = dot.str();
    EXPECT_EQ(text.rfind("digraph \"socket state\" {\n", 0), 0U) << text;
    for (const char* label :
         {"[label=CLOSED]", "[label=OPENING]", "[label=OPEN]", "[label=CLOSING]", "[label=FAILED]"})
    {
        EXPECT_NE(text.find(label), std::string::npos) << label << "\n" << text;
    }
    EXPECT_NE(text.find("0->1"), std::string::npos) << text; // CLOSED -> OPENING
    EXPECT_NE(text.find("4->0"), std::string::npos) << text; // FAILED -> CLOSED
    EXPECT_EQ(text.find("1->4"), std::string::npos) << text;
    EXPECT_EQ(text.back(), '\n');

    std::ostringstream plain;
    StateTransitionTable<Light>({"RED", "GREEN", "YELLOW"}, {{RED, GREEN}})
        .WriteGraphviz(plain, "Light");
    EXPECT_EQ(plain.str(),
              "digraph Light {\n0[label=RED];\n1[label=GREEN];\n2[label=YELLOW];\n0->1 ;\n}\n");
}

TEST_F(StateTransitionTableTest, RejectsStatesOutsideTheNameTable)
{
    EXPECT_DEATH(StateTransitionTable<Light>({"RED", "GREEN"}, {{RED, YELLOW}}),
                 "transition to state 2 is not in 0..1");
    const StateTransitionTable<Light> table({"RED", "GREEN"}, {{RED, GREEN}});
    EXPECT_DEATH(table.IsAllowed(YELLOW, RED), "from state 2 is not in 0..1");
    const auto socketTable = MakeSocketTable(false);
    EXPECT_DEATH(socketTable.GetName(static_cast<Sock>(-1)), "state -1 is not in 0..4");
    EXPECT_DEATH(StateTransitionTable<Light>({}, {}), "names is empty");
}

} // namespace
