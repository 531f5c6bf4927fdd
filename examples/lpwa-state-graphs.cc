/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// lpwa-state-graphs: writes every state machine's transition table as a Graphviz file, for
// doc/figures/ (render with `dot -Tpng`).
//
//   ./build/examples/lpwa-state-graphs --out=doc/figures

#include "ns3/at-engine.h"
#include "ns3/command-line.h"
#include "ns3/module-socket.h"
#include "ns3/radio-energy-model.h"
#include "ns3/radio-ue-net-device.h"

#include <fstream>
#include <iostream>

using namespace ns3;

namespace
{

template <typename Table>
bool
Write(const Table& table, const std::string& dir, const std::string& name)
{
    const std::string path = dir + "/" + name + ".dot";
    std::ofstream out(path);
    if (!out)
    {
        std::cerr << "--out: cannot write " << path << std::endl;
        return false;
    }
    table.WriteGraphviz(out, name);
    std::cout << path << std::endl;
    return true;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string dir = "doc/figures";
    CommandLine cmd(__FILE__);
    cmd.AddValue("out", "Folder for the .dot files (must exist)", dir);
    cmd.Parse(argc, argv);
    const bool ok =
        Write(lpwa::AtEngine::GetTransitionTable(), dir, "at-engine-data-mode-states") &&
        Write(lpwa::ModuleSocket::GetTransitionTable(), dir, "module-socket-states") &&
        Write(lpwa::RadioUeNetDevice::GetTransitionTable(), dir, "radio-ue-states") &&
        Write(lpwa::RadioEnergyModel::GetTransitionTable(), dir, "radio-energy-states");
    return ok ? 0 : 1;
}
