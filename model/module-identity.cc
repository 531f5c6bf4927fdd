/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-identity.h"

namespace ns3
{
namespace lpwa
{

namespace
{

std::string
ZeroPadded(uint64_t value, size_t width)
{
    std::string text = std::to_string(value);
    if (text.size() > width)
    {
        text = text.substr(text.size() - width);
    }
    return std::string(width - text.size(), '0') + text;
}

} // namespace

char
ModuleIdentity::LuhnDigit(const std::string& digits)
{
    // From the right, every second digit of the payload (starting with the last) is doubled.
    uint32_t sum = 0;
    bool doubled = true;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it)
    {
        uint32_t d = static_cast<uint32_t>(*it - '0');
        if (doubled)
        {
            d *= 2;
            if (d > 9)
            {
                d -= 9;
            }
        }
        sum += d;
        doubled = !doubled;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool
ModuleIdentity::IsDigits(const std::string& text, size_t minLength, size_t maxLength)
{
    if (text.size() < minLength || text.size() > maxLength)
    {
        return false;
    }
    for (char c : text)
    {
        if (c < '0' || c > '9')
        {
            return false;
        }
    }
    return true;
}

bool
ModuleIdentity::IsLuhnValid(const std::string& number, size_t minLength, size_t maxLength)
{
    return IsDigits(number, minLength, maxLength) &&
           LuhnDigit(number.substr(0, number.size() - 1)) == number.back();
}

std::string
ModuleIdentity::MakeImei(const std::string& tac, uint64_t index)
{
    const std::string body = tac + ZeroPadded(index, 6);
    return body + LuhnDigit(body);
}

std::string
ModuleIdentity::MakeImsi(const std::string& mcc, const std::string& mnc, uint64_t index)
{
    const std::string plmn = mcc + mnc;
    return plmn + ZeroPadded(index, 15 - plmn.size());
}

std::string
ModuleIdentity::MakeIccid(const std::string& mcc, const std::string& mnc, uint64_t index)
{
    const std::string body = "89" + mcc + mnc + ZeroPadded(index, 12);
    return body + LuhnDigit(body);
}

} // namespace lpwa
} // namespace ns3
