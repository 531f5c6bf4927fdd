/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// lpwa-at-console: type AT commands at a modelled module and read its answers, with the
// simulated time of every line.
//
//   ./build/examples/lpwa-at-console --model=BG95-M3 --script=session.at
//   printf 'ATI\nAT+QIACT?\n' | ./build/examples/lpwa-at-console
//   ./build/examples/lpwa-at-console --script=session.at --expect=golden.txt --tolerance=0.001
//
// Script lines, transcript format and exit codes: see README.md and doc/lpwa-modem.rst.

#include "ns3/at-console-command-line.h"
#include "ns3/at-console.h"
#include "ns3/command-line.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    lpwa::AtConsole::Options options;
    lpwa::AtConsoleCommandLine shared(options);
    std::string scriptPath = "-";
    double tolerance = 0;

    CommandLine cmd(__FILE__);
    cmd.Usage("Drive a modelled LPWA module with AT commands and print a timed transcript.");
    cmd.AddValue("model", "Module profile (BG95-M1..M6, BG95-MF, BG77, BG600L-M3)", options.model);
    cmd.AddValue("script", "Script file, or - for standard input", scriptPath);
    shared.AddOptions(cmd,
                      "UART baud rate (8N1)",
                      "Write the test PKI (CA, server and client certificates and keys, PEM) to "
                      "this existing directory before the script runs");
    shared.AddRadioOptions(cmd);
    cmd.AddValue("expect",
                 "Golden transcript to compare with (exit 2 on a difference)",
                 options.expectPath);
    cmd.AddValue("tolerance", "Allowed timestamp drift against --expect, seconds", tolerance);
    cmd.Parse(argc, argv);

    std::string error;
    if (!shared.CheckRanges("--tolerance", tolerance, error) || !shared.Apply(error))
    {
        std::cerr << error << std::endl;
        return lpwa::AtConsole::BAD_INPUT;
    }
    if (scriptPath == "-")
    {
        options.script.assign(std::istreambuf_iterator<char>(std::cin),
                              std::istreambuf_iterator<char>());
    }
    else
    {
        std::ifstream file(scriptPath, std::ios::binary);
        if (!file)
        {
            std::cerr << "--script: cannot read \"" << scriptPath << "\"" << std::endl;
            return lpwa::AtConsole::BAD_INPUT;
        }
        options.script.assign(std::istreambuf_iterator<char>(file),
                              std::istreambuf_iterator<char>());
        const size_t slash = scriptPath.rfind('/');
        options.scriptDirectory = slash == std::string::npos ? "." : scriptPath.substr(0, slash);
    }
    options.tolerance = NanoSeconds(static_cast<int64_t>(tolerance * 1e9 + 0.5));
    return lpwa::AtConsole::Run(options, std::cout, std::cerr);
}
