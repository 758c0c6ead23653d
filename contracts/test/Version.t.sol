// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Version} from "../src/Version.sol";

contract VersionTest {
    function test_name() public pure {
        require(keccak256(bytes(Version.NAME)) == keccak256("based"), "name");
    }
}
