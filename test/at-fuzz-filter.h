/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_FUZZ_FILTER_H
#define LPWA_AT_FUZZ_FILTER_H

// The one rule shared by the GoogleTest fuzz cases and the libFuzzer harnesses of test/fuzz/:
// which typed input would cut the host off from the module (header only).

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>

namespace ns3::lpwa::test
{

/**
 * \brief Whether a generated line must stay out of the fuzz: it would change what the host must
 * know to talk to the module again. The host keeps 115200 baud, so `AT+IPR` writes of another
 * rate are out (simplest: the host never follows a baud change); so are writes to S3 (line
 * terminator), S4, S5 (backspace) and S12 (escape guard time), and `AT+QFUPL` timeouts of 100 s
 * or more (the upload would outlast the 120 s of recovery silence). The check is on each CR
 * separated segment after backspace editing, as the engine sees it.
 */
inline bool
IsForbiddenFuzzInput(const std::string& text)
{
    static const std::regex sWrite("S *0*(3|4|5|12) *=", std::regex::icase);
    size_t start = 0;
    while (start <= text.size())
    {
        size_t end = text.find('\r', start);
        if (end == std::string::npos)
        {
            end = text.size();
        }
        std::string line;
        for (size_t i = start; i < end; ++i)
        {
            if (text[i] == '\x08')
            {
                if (!line.empty())
                {
                    line.pop_back();
                }
            }
            else if (text[i] != '\x1a' && text[i] != '\x1b' && text[i] != '\0')
            {
                line.push_back(text[i]);
            }
        }
        std::string upper = line;
        std::transform(upper.begin(),
                       upper.end(),
                       upper.begin(),
                       [](unsigned char c)
                       {
                           return std::toupper(c);
                       });
        if (std::regex_search(line, sWrite))
        {
            return true;
        }
        for (size_t p = upper.find("IPR"); p != std::string::npos; p = upper.find("IPR", p + 1))
        {
            std::string rest = upper.substr(p + 3);
            rest = rest.substr(0, rest.find(';'));
            const size_t eq = rest.find('=');
            if (eq != std::string::npos &&
                rest.find_first_of("0123456789", eq) != std::string::npos &&
                rest.substr(eq + 1) != "115200")
            {
                return true;
            }
        }
        for (size_t p = upper.find("QFUPL"); p != std::string::npos; p = upper.find("QFUPL", p + 1))
        {
            std::string rest = upper.substr(p + 5);
            rest = rest.substr(0, rest.find(';'));
            size_t comma = rest.find(',');
            comma = comma == std::string::npos ? comma : rest.find(',', comma + 1);
            if (comma != std::string::npos)
            {
                std::string timeout = rest.substr(comma + 1);
                timeout = timeout.substr(0, timeout.find(','));
                if (std::count_if(timeout.begin(), timeout.end(), ::isdigit) > 2)
                {
                    return true;
                }
            }
        }
        start = end + 1;
    }
    return false;
}

} // namespace ns3::lpwa::test

#endif // LPWA_AT_FUZZ_FILTER_H
