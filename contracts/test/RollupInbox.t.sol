// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./Vm.sol";
import {RollupInbox} from "../src/RollupInbox.sol";

contract RollupInboxTest is TestBase {
    RollupInbox internal inbox;
    uint256 internal constant GENESIS = 1_000_000;

    event RollupBlock(
        uint256 indexed chainId,
        uint64 indexed number,
        uint64 slot,
        address poster,
        bytes32 txRoot,
        uint32 txCount,
        bytes32 parentHash,
        bytes32 dataHash
    );
    event BatchProposed(uint64 indexed slot, address indexed poster, bytes32 batchHash, bytes32 dataHash, uint256 blocks);

    function setUp() public {
        inbox = new RollupInbox(GENESIS, 12);
        inbox.registerRollup(10, "a");
        inbox.registerRollup(20, "b");
        vm.warp(GENESIS + 5 * 12 + 3); // slot 5
    }

    function headers(uint256 a, uint256 b) internal pure returns (RollupInbox.BlockHeader[] memory h) {
        h = new RollupInbox.BlockHeader[](2);
        h[0] = RollupInbox.BlockHeader({chainId: a, txRoot: keccak256("r1"), txCount: 3, parentHash: bytes32(uint256(1))});
        h[1] = RollupInbox.BlockHeader({chainId: b, txRoot: keccak256("r2"), txCount: 1, parentHash: bytes32(uint256(2))});
    }

    function test_registerRollupRules() public {
        vm.expectRevert(abi.encodeWithSelector(RollupInbox.RollupExists.selector, 10));
        inbox.registerRollup(10, "again");
        vm.expectRevert(abi.encodeWithSelector(RollupInbox.RollupExists.selector, 0));
        inbox.registerRollup(0, "");
        vm.expectRevert(abi.encodeWithSelector(RollupInbox.RollupExists.selector, block.chainid));
        inbox.registerRollup(block.chainid, "");
        require(inbox.isRollup(20) && !inbox.isRollup(30), "isRollup");
    }

    function test_proposeBatchRecordsAndEmits() public {
        RollupInbox.BlockHeader[] memory h = headers(10, 20);
        bytes memory data = "two rollup blocks";
        vm.expectEmit();
        emit RollupBlock(10, 0, 5, address(this), keccak256("r1"), 3, bytes32(uint256(1)), keccak256(data));
        vm.expectEmit();
        emit RollupBlock(20, 0, 5, address(this), keccak256("r2"), 1, bytes32(uint256(2)), keccak256(data));
        vm.expectEmit();
        emit BatchProposed(5, address(this), keccak256(abi.encode(h)), keccak256(data), 2);
        inbox.proposeBatch(h, data);
        assertEq(inbox.batchHash(5, address(this)), keccak256(abi.encode(h)), "batch hash");

        // One batch per poster per slot; the next slot numbers the rollups' blocks on.
        vm.expectRevert(abi.encodeWithSelector(RollupInbox.BatchExists.selector, 5, address(this)));
        inbox.proposeBatch(h, data);
        vm.warp(block.timestamp + 12);
        vm.expectEmit();
        emit RollupBlock(10, 1, 6, address(this), keccak256("r1"), 3, bytes32(uint256(1)), keccak256(data));
        inbox.proposeBatch(h, data);
    }

    function test_blobDataHash() public {
        bytes32[] memory blobs = new bytes32[](2);
        blobs[0] = bytes32(uint256(0x01) << 248 | 1);
        blobs[1] = bytes32(uint256(0x01) << 248 | 2);
        vm.blobhashes(blobs);
        RollupInbox.BlockHeader[] memory h = headers(10, 20);
        vm.expectEmit();
        emit RollupBlock(10, 0, 5, address(this), keccak256("r1"), 3, bytes32(uint256(1)), keccak256(abi.encodePacked(blobs)));
        inbox.proposeBatch(h, "");
    }

    function test_proposeBatchRejects() public {
        vm.expectRevert(abi.encodeWithSelector(RollupInbox.UnknownRollup.selector, 30));
        inbox.proposeBatch(headers(10, 30), "");
        vm.expectRevert(RollupInbox.EmptyBatch.selector);
        inbox.proposeBatch(new RollupInbox.BlockHeader[](0), "");
        vm.warp(GENESIS - 1);
        vm.expectRevert(RollupInbox.BeforeGenesis.selector);
        inbox.proposeBatch(headers(10, 20), "");
    }
}
